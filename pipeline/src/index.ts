import { queueDeps, workerDeps } from './deps.ts';
import { dispatchBatch } from './queue/dispatch.ts';
import { routeFetch } from './routes.ts';
import { runSchedule } from './schedule.ts';

/** The pipeline Worker's entry: it only routes, with the deps `deps.ts` wires from `env`. */
export default {
  fetch: (request, env, ctx) => routeFetch(request, env, ctx),
  scheduled: (controller, env) => runSchedule(controller, workerDeps(env)),
  queue: (batch, env) => dispatchBatch(batch, queueDeps(env)),
} satisfies ExportedHandler<Env>;
