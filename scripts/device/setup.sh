# Sourced at the start of a device script (in the repository root, .dev/ from pack.sh carried): unpacks Node, dawn.node
# and the CLI bundle, the Vulkan loader and glvnd, points the loader at the NVIDIA ICD, and stops the script (exit 3,
# with the loader's own account) unless `mutor info` names an NVIDIA adapter: a retry costs a fresh machine.
# Sets N (node), M (the CLI bundle), R (results folder, /tmp/r), OUT, and say (a timestamped line into $R/main.log).
T0=${T0:-$(date +%s)}
ROOT=$(pwd); R=/tmp/r; OUT=${OUT:-/tmp/out}; mkdir -p $R/logs $R/exp $R/bench "$OUT"
say() { echo "[$(( $(date +%s) - T0 ))s] $*" | tee -a $R/main.log; }
[ -e .dev/node ] || (cd .dev && xz -d -T0 node.xz node_modules/webgpu/dist/linux-x64/dawn.node.xz x/y/mutor.mjs.xz && chmod +x node) || exit 2
N=$ROOT/.dev/node; M=$ROOT/.dev/x/y/mutor.mjs
export XDG_RUNTIME_DIR=/tmp/xdg; mkdir -p -m 700 $XDG_RUNTIME_DIR
# The Vulkan loader and glvnd (the NVIDIA ICD, libGLX_nvidia, found no driver without libGLdispatch): the device README's recipe.
for f in .dev/gl/*.deb; do dpkg -x "$f" /; done; ldconfig
icd=$(ls /usr/share/vulkan/icd.d/nvidia*.json /etc/vulkan/icd.d/nvidia*.json /usr/local/nvidia/share/vulkan/icd.d/nvidia*.json 2>/dev/null | head -1)
[ -n "$icd" ] && export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.sm,clocks.max.sm --format=csv | tee $R/nvidia-smi.txt
say "ICD: ${icd:-none found}"
timeout 60 $N $M info > $R/info.txt 2>&1; head -12 $R/info.txt
grep -Eqi '^(adapter|description) .*nvidia' $R/info.txt || { say "the CLI's adapter is not NVIDIA; stopping"; cat "$icd"
  ldd "$(find / -name libGLX_nvidia.so.0 -not -path '/proc/*' 2>/dev/null | head -1)"
  VK_LOADER_DEBUG=error,warn,driver timeout 30 $N $M info 2>&1 | grep -v '^ ' | tail -40; exit 3; }
