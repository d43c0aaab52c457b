import { describeSeeds } from './seed-suite.ts';

/** The second half of the fault-injection seeds; the first half runs beside it (seeds-first-half.test.ts). */
describeSeeds(2, 2);
