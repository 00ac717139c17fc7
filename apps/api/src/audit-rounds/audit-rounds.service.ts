import { randomBytes } from 'node:crypto';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DEFAULT_AUDIT_CRITERIA, type Actor, type OpenAuditRoundBody, type ScoreAuditItemBody } from '@sendflow/domain';
import { AuditService } from '../audit/audit.service';
import { AuditCriteriaRepository } from '../audit-criteria/audit-criteria.repository';
import { AuditRoundsRepository, type AuditRoundRow, type AuditScoreRow } from './audit-rounds.repository';

const rate = (pass: number, fail: number) => (pass + fail === 0 ? null : Math.round((pass / (pass + fail)) * 1000) / 10);

function roundView(r: AuditRoundRow) {
  return {
    id: r.id, title: r.title, periodFrom: r.period_from, periodTo: r.period_to, seed: r.seed, sampleSize: r.sample_size, criteria: r.criteria, criteriaVersion: r.criteria_version,
    status: r.status, openedBy: r.opened_by, openedAt: new Date(r.opened_at).toISOString(), closedBy: r.closed_by,
    closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
  };
}

/**
 * The quality audit cycle: an auditor opens a round for a period, which draws a reproducible
 * random sample of the advice returned in it; scores each sampled request on every criterion;
 * closes it. Closed rounds give each criterion's pass rate (pass / (pass + fail); not applicable
 * left out), published beside what QA reviewers recorded on the same criteria in the period.
 */
@Injectable()
export class AuditRoundsService {
  constructor(private readonly repo: AuditRoundsRepository, private readonly audit: AuditService, private readonly criteriaVersions: AuditCriteriaRepository) {}

  async open(body: OpenAuditRoundBody, actor: Actor) {
    const seed = body.seed ?? randomBytes(8).toString('hex');
    const id = await this.repo.transaction(async (m) => {
      // The trust's criteria as published now (their active items); the shipped ones if none is.
      const current = await this.criteriaVersions.latestPublished(m);
      const criteria = (current?.items.filter((c) => c.active !== false) ?? DEFAULT_AUDIT_CRITERIA).map((c) => ({ id: c.id, text: c.text }));
      const criteriaVersion = current?.version ?? null;
      const sample = await this.repo.drawSample(m, body.periodFrom, body.periodTo, seed, body.sampleSize);
      const roundId = await this.repo.insertRound(m, { ...body, seed, criteria, criteriaVersion, openedBy: actor.userId }, sample);
      await this.audit.record(actor, { action: 'audit_round.open', entity: 'audit_round', entityId: roundId, after: { ...body, seed, sample, criteriaVersion } }, m);
      return roundId;
    });
    return this.get(id);
  }

  async list() {
    return { items: (await this.repo.listRounds()).map((r) => ({ ...roundView(r), items: r.items, scored: r.scored })) };
  }

  async get(id: string) {
    const round = await this.repo.findRound(id);
    if (!round) throw new NotFoundException(`Audit round ${id} not found`);
    const [items, scores] = await Promise.all([this.repo.items(id), this.repo.scores(id)]);
    const byRequest = new Map<string, AuditScoreRow[]>();
    for (const s of scores) byRequest.set(s.request_id, [...(byRequest.get(s.request_id) ?? []), s]);
    return {
      ...roundView(round),
      items: items.map((i) => ({
        position: i.position, requestId: i.request_id, localAuthorityCode: i.local_authority_code, returnedAt: new Date(i.returned_at).toISOString(),
        scores: (byRequest.get(i.request_id) ?? []).map((s) => ({ criterionId: s.criterion_id, result: s.result, comment: s.comment, scoredBy: s.scored_by, scoredAt: new Date(s.scored_at).toISOString() })),
      })),
    };
  }

  /** Draws the recorded seed again (read only): the same requests in the same order unless returned advice in the period changed. */
  async redraw(id: string) {
    const round = await this.repo.findRound(id);
    if (!round) throw new NotFoundException(`Audit round ${id} not found`);
    const [items, redrawn] = await Promise.all([
      this.repo.items(id), this.repo.drawSample(this.repo.manager, round.period_from, round.period_to, round.seed, round.sample_size),
    ]);
    const recorded = items.map((i) => i.request_id);
    return {
      roundId: id, seed: round.seed, periodFrom: round.period_from, periodTo: round.period_to, sampleSize: round.sample_size,
      recorded, redrawn, matches: recorded.length === redrawn.length && recorded.every((r, i) => r === redrawn[i]),
    };
  }

  async score(roundId: string, requestId: string, body: ScoreAuditItemBody, actor: Actor) {
    await this.repo.transaction(async (m) => {
      const round = await this.repo.findRound(roundId, m, true);
      if (!round || !(await this.repo.hasItem(m, roundId, requestId))) throw new NotFoundException(`Request ${requestId} is not in audit round ${roundId}`);
      if (round.status !== 'open') throw new ConflictException('The audit round is closed; its scores are final');
      const known = new Set(round.criteria.map((c) => c.id));
      const issues = body.scores.flatMap((s, i) => (known.has(s.criterionId) ? [] : [{ field: `scores.${i}.criterionId`, message: `scores.${i}.criterionId: ${s.criterionId} is not a criterion of this round` }]));
      const seen = new Set<string>();
      body.scores.forEach((s, i) => {
        if (seen.has(s.criterionId)) issues.push({ field: `scores.${i}.criterionId`, message: `scores.${i}.criterionId: ${s.criterionId} is scored twice` });
        seen.add(s.criterionId);
      });
      if (issues.length) throw new BadRequestException({ message: issues.map((i) => i.message), issues });
      await this.repo.upsertScores(m, roundId, requestId, body.scores, actor.userId);
      await this.audit.record(actor, { action: 'audit_round.score', entity: 'audit_round', entityId: roundId, requestId, after: { scores: body.scores } }, m);
    });
    return (await this.get(roundId)).items.find((i) => i.requestId === requestId);
  }

  async close(roundId: string, actor: Actor) {
    await this.repo.transaction(async (m) => {
      const round = await this.repo.findRound(roundId, m, true);
      if (!round) throw new NotFoundException(`Audit round ${roundId} not found`);
      if (round.status !== 'open') throw new ConflictException('The audit round is already closed');
      const scores = await this.repo.scores(roundId, m);
      const items = (await m.query(`SELECT count(*)::int AS n FROM audit_round_items WHERE round_id = $1`, [roundId]))[0].n as number;
      const missing = items * round.criteria.length - scores.length;
      if (missing > 0) throw new ConflictException(`${missing} score${missing > 1 ? 's are' : ' is'} missing: score every sampled request on every criterion (not applicable is a score) before closing`);
      await this.repo.close(m, roundId, actor.userId);
      await this.audit.record(actor, { action: 'audit_round.close', entity: 'audit_round', entityId: roundId }, m);
    });
    return this.get(roundId);
  }

  /** Each criterion's pass rate per closed round, oldest first, with the QA reviewers' rate for the same period beside it. */
  async passRates(overlapping?: { fromDate: string; toExclusive: string }) {
    const [all, results] = await Promise.all([this.repo.closedRounds(), this.repo.closedRoundResults()]);
    // A board report for a period shows the rounds whose audited period overlaps it.
    const rounds = overlapping ? all.filter((r) => r.period_from < overlapping.toExclusive && r.period_to >= overlapping.fromDate) : all;
    const out = [];
    for (const r of rounds) {
      const qa = new Map((await this.repo.qaReviewPassRates(r.period_from, r.period_to)).map((q) => [q.criterion_id, q]));
      out.push({
        roundId: r.id, title: r.title, periodFrom: r.period_from, periodTo: r.period_to, closedAt: r.closed_at ? new Date(r.closed_at).toISOString() : null,
        criteria: r.criteria.map((c) => {
          const x = results.find((y) => y.round_id === r.id && y.criterion_id === c.id);
          const q = qa.get(c.id);
          return {
            criterionId: c.id, text: c.text, pass: x?.pass ?? 0, fail: x?.fail ?? 0, notApplicable: x?.not_applicable ?? 0,
            passRate: rate(x?.pass ?? 0, x?.fail ?? 0), qaReviewPassRate: q ? rate(q.met, q.total - q.met) : null, qaReviews: q?.total ?? 0,
          };
        }),
      });
    }
    return {
      rounds: out,
      definition: 'Pass rate: sampled advice scored pass / (pass + fail) × 100, one decimal; not applicable is left out. QA review pass ' +
        'rate: the share of quality reviews completed in the round\'s period that recorded the criterion as met.',
    };
  }
}
