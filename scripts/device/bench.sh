# Sourced after setup.sh on a lent GPU machine: the GPU's fp32 matmul peak through PyTorch (TF32 off, the practical
# ceiling for our f32 kernels) into $R/torch-peak.txt, then `mutor bench` group by group, each under its own time limit
# (a group cut at its limit loses only its own rows) into $R/bench/<group>.json; about 2.5 minutes on the H200.
# Print the tables here with: npx tsx scripts/bench-table.ts <file>.json
timeout 60 python3 - > $R/torch-peak.txt 2>&1 <<'EOF'
import torch
torch.backends.cuda.matmul.allow_tf32 = False
print(torch.cuda.get_device_name(), 'torch', torch.__version__)
for n in (512, 1024, 4096, 8192):
    a, b = torch.randn(n, n, device='cuda'), torch.randn(n, n, device='cuda')
    for _ in range(3): a @ b
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    reps = 50 if n <= 1024 else 10
    torch.cuda.synchronize(); s.record()
    for _ in range(reps): a @ b
    e.record(); torch.cuda.synchronize(); ms = s.elapsed_time(e) / reps
    print(f'fp32 matmul (TF32 off) {n}^3: {2 * n**3 / ms / 1e9:.1f} TFLOP/s ({ms:.3f} ms)')
EOF
cat $R/torch-peak.txt

bench() { # NAME LIMIT_S ARGS...
  local name=$1 lim=$2; shift 2
  timeout $lim $N $M bench --json "$@" > $R/bench/$name.json 2> $R/bench/$name.err; say "bench $name: rc $?"
}
bench dispatch 25 --only dispatch
bench matmul 70 --only matmul
bench scaling-small 45 --only scaling --sizes 0.2M,1M
bench scaling-large 50 --only scaling --sizes 4M,10M
bench method-cost 35 --only method-cost
