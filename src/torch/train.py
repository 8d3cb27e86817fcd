#!/usr/bin/env python3
# Trains the runs of a MuToR playground experiment exported by `mutor export-torch`, in PyTorch, on the very batches
# the playground's batch builder made (runs/<method>/batches-*.bin). Needs only PyTorch (1.13 or newer): no Node, no
# numpy, no network. Shards and weights are raw little-endian int32/float32 (x86 and ARM hosts are little-endian).
#
#   python train.py [--runs ntp,mutor] [--steps N] [--out out] [--device auto|cpu|cuda] [--dtype float32|float64]
#   torchrun --nproc_per_node N train.py ...          (DistributedDataParallel: gloo on CPU, NCCL on GPUs)
#
# The model mirrors the playground's (src/model/config.ts, src/reference/): matrices stored [in, out] (y = x @ W),
# RMSNorm without bias, rotate-half RoPE at each token's own position ids (2D: the head dim's halves take the row and
# the column), SwiGLU, tied or separate unembedding, register rows after the token embedding (ids >= V), and the
# Multi-Token heads' extra blocks on the trunk's last hidden state. With LoRA (job.json model.lora, src/model/lora.ts)
# a trunk projection W [in, out] gains y = x @ W + (alpha / r) * (x @ A) @ B, A and B exported with the starting
# weights (B = 0); the tensors job.json marks frozen (the base model's) get no gradient and stay out of AdamW and of
# the clipping norm, the adapters and the method's own tensors (registers, extra heads) train. Attention follows the
# kernel's mask rule from the token kinds (pad 0, prompt 1, answer 2, register 3); the loss is Σ_g coef_g · mean_g
# over the loss groups, each mean over the whole optimizer step's weighted targets (every micro-batch, every rank);
# AdamW, schedule and clipping are the playground's (src/model/schedule.ts, src/reference/adamw.ts).
#
# Each run writes <out>/<method>/metrics.jsonl (a "run" line, one "step" line per optimizer step, an "end" line),
# weights.bin (float32, the playground's flat parameter layout: `mutor import-run` reads it) and model.pt (a
# state_dict named as the playground names its tensors).
import argparse
import contextlib
import json
import math
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.nn.functional as F

PROMPT, ANSWER, REGISTER = 1, 2, 3  # pad (0) never attends and is never attended
FORMAT = 1
BLOCK_TENSORS = ('attnNorm', 'wq', 'wk', 'wv', 'wo', 'mlpNorm', 'wGate', 'wUp', 'wDown')
DTYPES = {'int32': torch.int32, 'float32': torch.float32}


def fail(message):
    print(f'train.py: {message}', file=sys.stderr)
    sys.exit(2)


def read_json(path):
    try:
        with open(path, encoding='utf-8') as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail(f'cannot read {path}: {e}')


class StepBatches(torch.utils.data.Dataset):
    """The global batch of each optimizer step: every micro-batch of the step, sequences concatenated.

    Item s: ids [S, T], positions [S, T, P], kinds [S, T], prompt_len [S], targets / weights / groups [H, S, T], with
    S = micro-batches × B sequences. Shards are raw little-endian records of fixed size (job.json 'batch')."""

    def __init__(self, run_dir, job):
        self.batch = job['batch']
        self.shards = [(os.path.join(run_dir, s['file']), s['firstStep'], s['steps']) for s in job['shards']]
        self.steps = sum(s[2] for s in self.shards)
        self.micro_bytes = sum(f['count'] * 4 for f in self.batch['fields'])
        self.step_bytes = self.micro_bytes * self.batch['microBatches']

    def __len__(self):
        return self.steps

    def __getitem__(self, step):
        for path, first, count in self.shards:
            if first <= step < first + count:
                with open(path, 'rb') as f:
                    f.seek((step - first) * self.step_bytes)
                    raw = bytearray(f.read(self.step_bytes))
                if len(raw) != self.step_bytes:
                    fail(f'{path} ends before step {step}: re-export the job')
                return self.decode(raw)
        raise IndexError(step)

    def decode(self, raw):
        b = self.batch
        B, T, H, P, A = b['B'], b['T'], b['H'], b['P'], b['microBatches']
        parts = {f['name']: [] for f in b['fields']}
        offset = 0
        for _ in range(A):
            for f in b['fields']:
                parts[f['name']].append(torch.frombuffer(raw, dtype=DTYPES[f['dtype']], count=f['count'], offset=offset))
                offset += f['count'] * 4
        cat = lambda name: torch.cat(parts[name])
        per_head = lambda name: torch.stack([p.view(H, B, T) for p in parts[name]], 1).reshape(H, A * B, T)
        return {
            'ids': cat('inputIds').view(A * B, T).long(),
            'positions': cat('positions').view(A * B, T, P).long(),
            'kinds': cat('kinds').view(A * B, T).long(),
            'prompt_len': cat('promptLen').long(),
            'targets': per_head('targets').long(),
            'weights': per_head('weights').clone(),
            'groups': per_head('lossGroups').long(),
        }


def attention_mask(kinds):
    """[S, T, T] bool: may query q see key k (src/model/batch.ts canAttend; the attention kernel's rule)."""
    T = kinds.shape[1]
    kq, kk = kinds[:, :, None], kinds[:, None, :]
    q = torch.arange(T, device=kinds.device)[:, None]
    k = torch.arange(T, device=kinds.device)[None, :]
    regular_key = (kk == PROMPT) | (kk == ANSWER)
    prompt_q = (kq == PROMPT) & (kk == PROMPT)
    answer_q = (kq == ANSWER) & regular_key & (k <= q)
    register_q = (kq == REGISTER) & ((k == q) | (regular_key & (k < q)))
    return prompt_q | answer_q | register_q


def rope_tables(model, positions, dtype):
    """Per section of the head dim (one per position component): (start, width, cos, sin) with cos/sin [S, T, width/2],
    angles computed in float64 as the reference does."""
    hd = model['dModel'] // model['nHeads']
    P = positions.shape[-1]
    width = hd if P == 1 else hd // 2
    half = width // 2
    inv = model['ropeTheta'] ** (-2.0 * torch.arange(half, dtype=torch.float64, device=positions.device) / width)
    tables = []
    for p in range(P):
        angle = positions[..., p].to(torch.float64)[..., None] * inv
        tables.append((p * width, width, torch.cos(angle).to(dtype), torch.sin(angle).to(dtype)))
    return tables


def rope(x, tables):
    """x [S, T, nh, hd] rotated in place of a copy: pair (i, i + width/2) of each section by its angle."""
    out = x.clone()
    for start, width, cos, sin in tables:
        half = width // 2
        a = x[..., start:start + half]
        b = x[..., start + half:start + width]
        c, s = cos[:, :, None, :], sin[:, :, None, :]
        out[..., start:start + half] = a * c - b * s
        out[..., start + half:start + width] = b * c + a * s
    return out


class PlaygroundModel(torch.nn.Module):
    """The playground's decoder; parameters named as its layout names them ('layers.0.wq' as 'layers__0__wq')."""

    def __init__(self, job, flat, dtype):
        super().__init__()
        self.config = job['model']
        self.layout = job['tensors']
        lora = self.config.get('lora')
        self.lora_scale = lora['alpha'] / lora['rank'] if lora else None
        self.params = torch.nn.ParameterDict()
        for t in self.layout:
            values = flat[t['offset']:t['offset'] + t['size']].to(dtype).reshape(t['shape'])
            self.params[key(t['name'])] = torch.nn.Parameter(values.clone(), requires_grad=not t['frozen'])

    def p(self, name):
        return self.params[key(name)]

    def trained(self):
        """The tensors AdamW updates, in layout order: all but the frozen ones."""
        return [(t, self.p(t['name'])) for t in self.layout if not t['frozen']]

    def project(self, x, weight):
        """x @ W for the projection named `weight` ('layers.0.wq'), plus its LoRA adapter's s * (x @ A) @ B if it has one."""
        y = x @ self.p(weight)
        a = key(f'{weight}.loraA')
        if a in self.params:
            y = y + (self.lora_scale * (x @ self.params[a])) @ self.p(f'{weight}.loraB')
        return y

    def rms(self, x, gain):
        return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + self.config['normEps']) * gain

    def block(self, prefix, x, mask, valid_rows, tables):
        c = self.config
        S, T, C = x.shape
        nh = c['nHeads']
        hd = C // nh
        w = lambda n: self.p(f'{prefix}.{n}')
        proj = lambda inp, n: self.project(inp, f'{prefix}.{n}')
        xn = self.rms(x, w('attnNorm'))
        q = rope(proj(xn, 'wq').view(S, T, nh, hd), tables).transpose(1, 2)
        k = rope(proj(xn, 'wk').view(S, T, nh, hd), tables).transpose(1, 2)
        v = proj(xn, 'wv').view(S, T, nh, hd).transpose(1, 2)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(hd)
        scores = scores.masked_fill(~mask[:, None], torch.finfo(scores.dtype).min)
        # A query that sees no key (a pad) gets output 0, as in the kernel.
        probs = torch.softmax(scores, -1) * valid_rows[:, None, :, None]
        y = (probs @ v).transpose(1, 2).reshape(S, T, C)
        x = x + proj(y, 'wo')
        xn = self.rms(x, w('mlpNorm'))
        return x + proj(F.silu(proj(xn, 'wGate')) * proj(xn, 'wUp'), 'wDown')

    def forward(self, ids, positions, kinds):
        """logits [H, S, T, V] of every output head."""
        c = self.config
        emb = self.p('tokenEmbedding')
        table = torch.cat([emb, self.p('registerEmbedding')]) if key('registerEmbedding') in self.params else emb
        x = F.embedding(ids, table)
        mask = attention_mask(kinds)
        valid_rows = mask.any(-1).to(x.dtype)
        tables = rope_tables(c, positions, x.dtype)
        for layer in range(c['nLayers']):
            x = self.block(f'layers.{layer}', x, mask, valid_rows, tables)
        unembed = emb.t() if c['tieEmbeddings'] else self.p('lmHead')
        extra = c['methodTensors']['outputHeads'] - 1
        if c['methodTensors'].get('extraHeads') != 'sequential':
            heads = [x] + [self.block(f'heads.{h}', x, mask, valid_rows, tables) for h in range(extra)]
        else:
            # DeepSeek-V3 MTP (src/model/lookahead.ts): module k reads [rms(h_{k-1}), rms(Emb(ids shifted k))] and
            # attends with the kinds shifted k tokens (pads past the end).
            heads = [x]
            for k in range(1, extra + 1):
                w = lambda n: self.p(f'heads.{k - 1}.{n}')
                ids_k = F.pad(ids[:, k:], (0, k))
                kinds_k = F.pad(kinds[:, k:], (0, k))
                mask_k = attention_mask(kinds_k)
                x_in = self.rms(heads[-1], w('hiddenNorm')) @ w('wHidden') + self.rms(F.embedding(ids_k, table), w('embNorm')) @ w('wEmb')
                heads.append(self.block(f'heads.{k - 1}', x_in, mask_k, mask_k.any(-1).to(x.dtype), tables))
        return torch.stack([self.rms(h, self.p('finalNorm')) @ unembed for h in heads])

    def flat(self, total_size):
        """The parameters in the playground's flat layout (alignment gaps zero), float32."""
        out = torch.zeros(total_size, dtype=torch.float32)
        for t in self.layout:
            out[t['offset']:t['offset'] + t['size']] = self.p(t['name']).detach().reshape(-1).float().cpu()
        return out


def key(name):
    return name.replace('.', '__')


def counted(batch):
    """[H, S, T] bool: targets that count (target >= 0, weight > 0)."""
    return (batch['targets'] >= 0) & (batch['weights'] > 0)


def group_weights(batch, n_groups):
    """W_g: the total weight of each loss group over the whole step (every micro-batch, every rank)."""
    on = counted(batch)
    return torch.zeros(n_groups, dtype=torch.float64).index_add_(0, batch['groups'][on], batch['weights'][on].double())


def weighted_ce(logits, batch, n_groups):
    """Per loss group: Σ weight · CE over this part's counted targets (tensor [G], differentiable)."""
    on = counted(batch)
    ce = F.cross_entropy(logits[on], batch['targets'][on], reduction='none')
    w = batch['weights'][on].to(logits.dtype)
    return torch.zeros(n_groups, dtype=logits.dtype, device=logits.device).index_add(0, batch['groups'][on], w * ce)


def learning_rate(step, o):
    """src/model/schedule.ts learningRateAt: linear warmup from lr/warmup, then constant, linear or cosine to the floor."""
    if step < o['warmupSteps']:
        return o['lr'] * (step + 1) / o['warmupSteps']
    if o['schedule'] == 'constant':
        return o['lr']
    span = max(1, o['totalSteps'] - o['warmupSteps'])
    progress = min(1.0, max(0.0, (step - o['warmupSteps']) / span))
    decay = 1 - progress if o['schedule'] == 'linear' else 0.5 * (1 + math.cos(math.pi * progress))
    return o['lr'] * (o['minLrRatio'] + (1 - o['minLrRatio']) * decay)


def slice_sequences(batch, lo, hi):
    out = {k: v[lo:hi] for k, v in batch.items() if k not in ('targets', 'weights', 'groups')}
    out.update({k: batch[k][:, lo:hi] for k in ('targets', 'weights', 'groups')})
    return out


def to_device(batch, device):
    return {k: v.to(device) for k, v in batch.items()}


class Trainer:
    def __init__(self, run_dir, job, args, world):
        self.job, self.args, self.world = job, args, world
        self.dtype = torch.float64 if args.dtype == 'float64' else torch.float32
        flat = read_floats(os.path.join(run_dir, job['init']), job['totalSize'])
        self.model = PlaygroundModel(job, flat, self.dtype).to(world['device'])
        self.net = self.model
        if world['size'] > 1:
            ids = [world['device'].index] if world['device'].type == 'cuda' else None
            self.net = torch.nn.parallel.DistributedDataParallel(self.model, device_ids=ids)
        self.data = StepBatches(run_dir, job)
        self.coefficients = job['batch']['groupCoefficients']
        o = job['optimizer']
        decay = [p for t, p in self.model.trained() if t['decay']]
        plain = [p for t, p in self.model.trained() if not t['decay']]
        groups = [{'params': decay, 'weight_decay': o['weightDecay']}, {'params': plain, 'weight_decay': 0.0}]
        self.optimizer = torch.optim.AdamW([g for g in groups if g['params']], lr=o['lr'], betas=(o['beta1'], o['beta2']), eps=o['eps'])

    def gradients(self, step):
        """Forward and backward over this rank's share of the step's sequences (micro-batches of B at most); returns
        (loss, group means, group weights) of the whole step."""
        batch = self.data[step]
        G, B = len(self.coefficients), self.job['batch']['B']
        W = group_weights(batch, G)
        scale = torch.tensor([c / w if w > 0 else 0.0 for c, w in zip(self.coefficients, W.tolist())], dtype=self.dtype, device=self.world['device'])
        S = batch['ids'].shape[0]
        lo, hi = S * self.world['rank'] // self.world['size'], S * (self.world['rank'] + 1) // self.world['size']
        sums = torch.zeros(G, dtype=torch.float64)
        chunks = list(range(lo, hi, B)) or [lo]
        for i, start in enumerate(chunks):
            part = to_device(slice_sequences(batch, start, min(hi, start + B)), self.world['device'])
            last = i == len(chunks) - 1
            with self.net.no_sync() if (self.world['size'] > 1 and not last) else contextlib.nullcontext():
                logits = self.net(part['ids'], part['positions'], part['kinds'])
                group_sums = weighted_ce(logits, part, G)
                # DDP averages the ranks' gradients: each rank's share counts world-size times.
                ((group_sums * scale).sum() * self.world['size']).backward()
            sums += group_sums.detach().double().cpu()
        if self.world['size'] > 1:
            dist.all_reduce(sums)
        means = [s / w if w > 0 else 0.0 for s, w in zip(sums.tolist(), W.tolist())]
        return sum(c * m for c, m in zip(self.coefficients, means)), means, W.tolist()

    def step(self, step):
        """One optimizer step; returns the metrics of its "step" line."""
        for p in self.model.parameters():
            p.grad = None
        loss, means, _ = self.gradients(step)
        o = self.job['optimizer']
        grads = [p.grad for _, p in self.model.trained() if p.grad is not None]
        norm = math.sqrt(sum(float((g.double() ** 2).sum()) for g in grads))
        clip = min(1.0, o['maxGradNorm'] / (norm + 1e-6)) if o['maxGradNorm'] > 0 else 1.0
        if clip < 1:
            for g in grads:
                g.mul_(clip)
        lr = learning_rate(step, o)
        for g in self.optimizer.param_groups:
            g['lr'] = lr
        self.optimizer.step()
        return {'loss': loss, 'groupMeans': means, 'ntpLoss': means[0], 'auxLoss': means[1] if len(means) > 1 else None,
                'lr': lr, 'gradNorm': norm, 'clipScale': clip}


def read_floats(path, count):
    with open(path, 'rb') as f:
        raw = bytearray(f.read())
    if len(raw) != count * 4:
        fail(f'{path} holds {len(raw)} bytes, expected {count * 4} (float32 × {count})')
    return torch.frombuffer(raw, dtype=torch.float32)


def write_floats(path, values, dtype):
    """The raw bytes of a CPU tensor, without numpy (torch.frombuffer over a writable buffer, then copied in)."""
    t = values.to(dtype).reshape(-1)
    raw = bytearray(t.numel() * t.element_size())
    if t.numel():
        torch.frombuffer(raw, dtype=dtype).copy_(t)
    with open(path, 'wb') as f:
        f.write(raw)


def setup_world(args):
    size = int(os.environ.get('WORLD_SIZE', '1'))
    rank = int(os.environ.get('RANK', '0'))
    local = int(os.environ.get('LOCAL_RANK', '0'))
    want_cuda = args.device == 'cuda' or (args.device == 'auto' and torch.cuda.is_available())
    if want_cuda and not torch.cuda.is_available():
        fail('--device cuda but PyTorch sees no CUDA GPU')
    device = torch.device('cuda', local) if want_cuda else torch.device('cpu')
    if want_cuda:
        torch.cuda.set_device(device)
    if size > 1:
        dist.init_process_group('nccl' if want_cuda else 'gloo')
    return {'size': size, 'rank': rank, 'device': device, 'backend': ('nccl' if want_cuda else 'gloo') if size > 1 else None}


def train_run(job_dir, method, args, world):
    run_dir = os.path.join(job_dir, 'runs', method)
    job = read_json(os.path.join(run_dir, 'job.json'))
    if job.get('format') != FORMAT:
        fail(f'{run_dir}/job.json has format {job.get("format")}, this train.py reads {FORMAT}')
    trainer = Trainer(run_dir, job, args, world)
    steps = len(trainer.data) if args.steps is None else args.steps
    if steps > len(trainer.data):
        fail(f'--steps {steps}: the job holds batches for {len(trainer.data)} steps (export it with more --steps)')
    if args.dump_gradients:
        return dump_gradients(trainer, method, args.dump_gradients, world)
    out_dir = os.path.join(args.out, method)
    lead = world['rank'] == 0
    log = open_metrics(out_dir, job, world, args, steps) if lead else None
    started = time.time()
    tokens = job['batch']['microBatches'] * job['batch']['B'] * job['batch']['T']
    for step in range(steps):
        t0 = time.time()
        m = trainer.step(step)
        if lead:
            now = time.time()
            line = {'kind': 'step', 'step': step + 1, **m, 'tokensPerSec': tokens / max(1e-6, now - t0), 'elapsedMs': (now - started) * 1000}
            log.write(json.dumps(line) + '\n')
            log.flush()
            if not math.isfinite(m['loss']):
                fail(f'{method}: the loss is {m["loss"]} at step {step + 1}')
            if args.verbose or (step + 1) % max(1, steps // 10) == 0 or step + 1 == steps:
                print(f'{method:>16} step {step + 1:6d}  loss {m["loss"]:.4f}  lr {m["lr"]:.2e}  |g| {m["gradNorm"]:.3f}', flush=True)
    if lead:
        flat = trainer.model.flat(job['totalSize'])
        write_floats(os.path.join(out_dir, 'weights.bin'), flat, torch.float32)
        torch.save({t['name']: trainer.model.p(t['name']).detach().cpu() for t in job['tensors']}, os.path.join(out_dir, 'model.pt'))
        log.write(json.dumps({'kind': 'end', 'steps': steps, 'weights': 'weights.bin', 'wallMs': (time.time() - started) * 1000}) + '\n')
        log.close()


def open_metrics(out_dir, job, world, args, steps):
    os.makedirs(out_dir, exist_ok=True)
    log = open(os.path.join(out_dir, 'metrics.jsonl'), 'w', encoding='utf-8')
    header = {'kind': 'run', 'format': FORMAT, 'method': job['method'], 'link': job['link'], 'seed': job['seed'],
              'steps': steps, 'worldSize': world['size'], 'device': str(world['device']), 'dtype': args.dtype,
              'torch': torch.__version__, 'model': job['model']}
    log.write(json.dumps(header) + '\n')
    return log


def dump_gradients(trainer, method, out, world):
    """Loss, group means and every gradient (float64, flat layout; 0 where a tensor has none) of step 0 at the initial
    weights, and the names of the tensors that have one: no update."""
    loss, means, weights = trainer.gradients(0)
    if world['rank'] != 0:
        return
    os.makedirs(out, exist_ok=True)
    grads = torch.zeros(trainer.job['totalSize'], dtype=torch.float64)
    with_grad = []
    for t in trainer.job['tensors']:
        g = trainer.model.p(t['name']).grad
        if g is not None:
            grads[t['offset']:t['offset'] + t['size']] = g.detach().reshape(-1).double().cpu()
            with_grad.append(t['name'])
    write_floats(os.path.join(out, f'{method}-grads.bin'), grads, torch.float64)
    with open(os.path.join(out, f'{method}.json'), 'w', encoding='utf-8') as f:
        json.dump({'loss': loss, 'groupMeans': means, 'groupWeights': weights, 'gradients': with_grad}, f)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description='Train an exported MuToR playground experiment in PyTorch.')
    ap.add_argument('--job', default=here, help='the exported folder (default: the one holding this file)')
    ap.add_argument('--runs', help='comma-separated methods to train (default: every run of the job)')
    ap.add_argument('--steps', type=int, help='train only the first N steps (the schedule stays the exported one)')
    ap.add_argument('--out', help='where metrics and weights go (default: <job>/out)')
    ap.add_argument('--device', choices=('auto', 'cpu', 'cuda'), default='auto')
    ap.add_argument('--dtype', choices=('float32', 'float64'), default='float32')
    ap.add_argument('--threads', type=int, help='CPU threads per process (torch.set_num_threads)')
    ap.add_argument('--dump-gradients', metavar='DIR', help='write step 0\'s loss and gradients at the initial weights to DIR and stop')
    ap.add_argument('--verbose', action='store_true', help='print every step')
    args = ap.parse_args()
    if args.steps is not None and args.steps < 1:
        fail('--steps must be >= 1')
    if args.threads:
        torch.set_num_threads(args.threads)
    args.out = args.out or os.path.join(args.job, 'out')
    experiment = read_json(os.path.join(args.job, 'experiment.json'))
    runs = experiment['runs'] if not args.runs else [r.strip() for r in args.runs.split(',') if r.strip()]
    unknown = [r for r in runs if r not in experiment['runs']]
    if unknown:
        fail(f'no run {", ".join(unknown)} in this job (runs: {", ".join(experiment["runs"])})')
    world = setup_world(args)
    try:
        for method in runs:
            train_run(args.job, method, args, world)
    finally:
        if world['size'] > 1:
            dist.destroy_process_group()


if __name__ == '__main__':
    main()
