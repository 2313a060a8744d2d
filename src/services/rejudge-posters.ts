import type { Logger } from "pino";
import { type ComplianceEngine, MissingObservationError } from "../compliance/compliance-engine.js";
import type { ComplianceResult } from "../domain/compliance-result.js";
import type { Job } from "../domain/job.js";
import type { Policy } from "../domain/policy.js";
import { verdictKeyOf } from "../domain/verdict-key.js";
import type { Clock } from "../ports/clock.js";
import type { JobStore, RecordedVerdict } from "../ports/job-store.js";

export interface RejudgeReport {
  posters: number;
  /** New verdicts written under the current policy. */
  rejudged: number;
  /** Verdicts whose outcome (compliant or not, and the codes) changed. */
  changed: number;
  /** Already judged under the current policy version. */
  current: number;
  /** Posters lacking an observation of a detector now configured: they need a detector run. */
  missingObservations: number;
  detectorRuns: number;
  durationMs: number;
}

const PAGE = 500;

/** Re-judges every stored poster under the policy in force, from stored observations only. */
export function rejudgeService(deps: {
  jobs: JobStore;
  engine: ComplianceEngine;
  policyFor: (platform: string | undefined, artworkType: string | undefined) => Policy;
  clock: Clock;
  newJobId: () => string;
  log: Logger;
}) {
  const { jobs, engine, clock } = deps;

  /** A new verdict for `job`'s poster under the policy in force, or undefined when none is due. */
  async function judgeAgain(job: Job, report: RejudgeReport): Promise<RecordedVerdict | undefined> {
    const policy = deps.policyFor(job.platform, job.artworkType);
    const title = typeof job.metadata.title === "string" ? job.metadata.title : undefined;
    const verdictKey = verdictKeyOf(policy, title);
    const existing = await jobs.findCurrentForPoster(job.posterHash, verdictKey);
    if (existing && existing.status !== "FAILED") {
      report.current += 1;
      return undefined;
    }
    let result: ComplianceResult;
    try {
      result = await engine.rejudge(job.posterHash, policy, title ? { title } : {});
    } catch (error) {
      if (!(error instanceof MissingObservationError)) throw error;
      report.missingObservations += 1;
      return undefined;
    }
    const now = clock.now().toISOString();
    const { jobId: _previous, requestId: _requestId, ...carried } = job;
    return {
      job: { ...carried, jobId: deps.newJobId(), policyVersion: policy.version, verdictKey, createdAt: now },
      result,
      completedAt: now,
    };
  }

  /** One page of posters: judged one by one, their verdicts written together. */
  async function rejudgePage(page: readonly Job[], report: RejudgeReport): Promise<void> {
    const due: { previous: Job; verdict: RecordedVerdict }[] = [];
    for (const job of page) {
      report.posters += 1;
      const verdict = await judgeAgain(job, report);
      if (verdict) due.push({ previous: job, verdict });
    }
    const outcomes = await jobs.recordVerdicts(due.map((d) => d.verdict));
    outcomes.forEach((outcome, i) => {
      const { previous, verdict } = due[i] as (typeof due)[number];
      if (!outcome.created) {
        report.current += 1;
        return;
      }
      report.rejudged += 1;
      if (previous.result && outcomeOf(previous.result) !== outcomeOf(verdict.result)) report.changed += 1;
    });
  }

  return {
    async rejudgeAll(): Promise<RejudgeReport> {
      const started = performance.now();
      const runsBefore = totalRuns(engine);
      const report: RejudgeReport = {
        posters: 0,
        rejudged: 0,
        changed: 0,
        current: 0,
        missingObservations: 0,
        detectorRuns: 0,
        durationMs: 0,
      };
      let after: string | undefined;
      for (;;) {
        const page = await jobs.latestJobPerPoster(after, PAGE);
        await rejudgePage(page, report);
        const last = page.at(-1);
        if (!last || page.length < PAGE) break;
        after = last.posterHash;
      }
      report.detectorRuns = totalRuns(engine) - runsBefore;
      report.durationMs = Math.round(performance.now() - started);
      deps.log.info({ ...report }, "re-judged stored posters");
      return report;
    },
  };
}

export type RejudgeService = ReturnType<typeof rejudgeService>;

function outcomeOf(result: ComplianceResult): string {
  return `${result.isCompliant}:${result.violations
    .map((v) => v.code)
    .sort()
    .join(",")}`;
}

function totalRuns(engine: ComplianceEngine): number {
  return [...engine.runs.values()].reduce((sum, n) => sum + n, 0);
}
