import { describeSeeds } from './seed-suite.ts';

/** The first half of the fault-injection seeds; the second half runs beside it (seeds-second-half.test.ts). */
describeSeeds(1, 2);
