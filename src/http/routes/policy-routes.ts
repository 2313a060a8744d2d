import type { FastifyInstance } from "fastify";
import type { Services } from "../../compose.js";

export async function policyRoutes(app: FastifyInstance, { services }: { services: Services }) {
  app.get(
    "/policy",
    {
      schema: {
        summary: "The policy in force, resolved for every platform and artwork type it defines",
        tags: ["policy"],
      },
    },
    async () => ({ document: services.policies.current, resolved: services.policies.allResolved() }),
  );

  app.post(
    "/policy/rejudge",
    {
      schema: {
        summary: "Re-judge every stored poster under the policy in force, without running any detector",
        tags: ["policy"],
        response: {
          200: {
            type: "object",
            properties: {
              posters: { type: "integer" },
              rejudged: { type: "integer" },
              changed: { type: "integer" },
              current: { type: "integer" },
              missingObservations: { type: "integer" },
              detectorRuns: { type: "integer" },
              durationMs: { type: "integer" },
            },
          },
        },
      },
    },
    async () => {
      services.policies.reloadIfChanged(true);
      return services.rejudge.rejudgeAll();
    },
  );
}
