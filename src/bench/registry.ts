// The benchmark producers `mutor bench` runs, in order. To add rows (training steps, attention, ...), write a
// BenchProducer in this folder and list it here; `--only <group>` selects producers by group.
import type { BenchProducer } from './row';
import { matmulBench } from './matmul';
import { dispatchBench } from './dispatch';
import { trainingBench, trainingProfileBench } from './training';
import { methodCostBench } from './methodCost';
import { decodingBench } from './decoding';
import { scalingBench } from './scaling';
import { loraBench } from './lora';

export const benchProducers: BenchProducer[] = [dispatchBench, matmulBench, trainingBench, trainingProfileBench, methodCostBench, decodingBench, scalingBench(), loraBench];
