#!/bin/bash
# The second call of session 10, on the same warm machine right after h200.sh (whose /tmp/r and checkpoints were still
# there): the 8 research runs resumed from their last checkpoint for 245 s more (what the device time allowed), then
# packed into $OUT/r2.tar.xz. Sent as one command line; written out here as it ran.
cd .dev && xz -d -T0 node.xz node_modules/webgpu/dist/linux-x64/dawn.node.xz x/y/mutor.mjs.xz && chmod +x node && cd ..
for f in .dev/gl/*.deb; do dpkg -x $f /; done; ldconfig
export XDG_RUNTIME_DIR=/tmp/xdg VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
N=$PWD/.dev/node; M=$PWD/.dev/x/y/mutor.mjs; R=/tmp/r
A='v=1&name=MuToR%20vs%20NTP,%20arithmetic&task=arithmetic&model=small&dmin=1&a=0.1&train=1500&test=500&evaln=500&steps=1880&eval=94'
G='v=2&name=Star%20graph%20G(2,5)%20from%20small&train=100000&test=500&model=small&warmup=200&eval=500&evaln=500&steps=10000'
j() { timeout 245 $N $M experiment --config "$3" --method $2 --seeds 0 --val 500 --out $R/exp/$1 >> $R/logs/$1.log 2>&1; }
for lr in 0.001 0.003; do for m in ntp mutor; do
  j g25-small-$m-lr$lr $m "$G&lr=$lr" & j arith-small-val-$m-lr$lr $m "$A&lr=$lr" &
done; done; wait
for f in $R/logs/g25-* $R/logs/arith-*; do echo "== $f"; grep -E 'resum|eval @' $f | tail -2; done
tar -C /tmp -cJf $OUT/r2.tar.xz --exclude='ckpt-*' r
