import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  AttackCatalogue,
  AttackParams,
  AttackRunBody,
  AttackRunResult,
  PageRunEnded,
  PageRunLease,
  PageRunLeaseParams,
  SelfCheckEvent,
  WalkthroughAttempt,
  WalkthroughPasteBody,
} from '../../../common/schemas/attacks';
import { EmptyBody, errorResponses } from '../../../common/schemas/common';
import type { Catalogue } from './catalogue';
import type { WalkthroughAttempts } from './attempts';
import type { PageRuns } from './page-runs';
import type { AttackRuns } from './runs';

const tags = ['attacks'];

/**
 * The attack catalogue's lab-only helper routes (docs/API.md, "Attack
 * catalogue"). Every POST takes a JSON body, like every /api/lab route, so a
 * cross-site form cannot start a run or wipe the learner's progress.
 */
export const attackRoutes =
  (
    catalogue: Catalogue,
    runs: AttackRuns,
    pageRuns: PageRuns,
    attempts: WalkthroughAttempts,
    onProgressReset: () => void,
  ): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/api/lab/attacks',
      {
        schema: {
          tags,
          summary: "Every lab's attacks with the learner's progress, and a summary per lab and overall",
          response: { 200: AttackCatalogue },
        },
      },
      async () => catalogue.view(),
    );

    app.post(
      '/api/lab/attacks/:id/run',
      {
        schema: {
          tags,
          summary: 'Run one attack on the server with its defences on or off ("Show me"; marks no progress)',
          params: AttackParams,
          body: AttackRunBody,
          response: { 200: AttackRunResult, ...errorResponses(400, 404, 409, 500) },
        },
      },
      async (request) => runs.runOne(request.params.id, request.body.defence),
    );

    app.post(
      '/api/lab/attacks/check-all',
      {
        schema: {
          tags,
          summary: 'The self-check of every defence, streamed as NDJSON lines (SelfCheckEvent)',
          description:
            'Each line is one SelfCheckEvent: start, one row per attack, done. The toggles, the lab clock and the signing keys are put back at the end, also when stopped.',
          body: EmptyBody,
          response: { 200: SelfCheckEvent, ...errorResponses(400, 409) },
        },
      },
      (_request, reply) => {
        let ended = false;
        const check = runs.startSelfCheck((event) => {
          if (!ended) reply.raw.write(`${JSON.stringify(event)}\n`);
        });
        reply.hijack();
        reply.raw.writeHead(200, {
          'content-type': 'application/x-ndjson; charset=utf-8',
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        });
        // A reader that goes away stops the check; the restore still runs.
        reply.raw.on('close', () => {
          if (!ended) check.stop();
        });
        void check.finished
          .catch(() => undefined)
          .finally(() => {
            ended = true;
            reply.raw.end();
          });
      },
    );

    app.post(
      '/api/lab/attacks/check-all/stop',
      {
        schema: {
          tags,
          summary: 'Stop the self-check under way (it still puts everything back)',
          body: EmptyBody,
          response: { 200: Type.Object({ stopping: Type.Boolean() }), ...errorResponses(400) },
        },
      },
      async () => ({ stopping: runs.stop() }),
    );

    app.post(
      '/api/lab/attacks/progress/reset',
      {
        schema: {
          tags,
          summary: "Forget the learner's progress and walkthrough attempts (Reset lab keeps them)",
          body: EmptyBody,
          response: { 200: AttackCatalogue, ...errorResponses(400) },
        },
      },
      async () => {
        onProgressReset();
        return catalogue.view();
      },
    );

    await app.register(attemptRoutes(attempts));
    await app.register(pageRunRoutes(pageRuns));
  };

/** The page's browser-only runs: a lease while they go, so attempts leave their traffic and toggle flips alone. */
const pageRunRoutes =
  (pageRuns: PageRuns): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/lab/attacks/:id/page-run',
      {
        schema: {
          tags,
          summary: 'Begin a browser-only run by the page (a lease; it ends by itself after 60 s, toggles put back)',
          params: AttackParams,
          body: EmptyBody,
          response: { 200: PageRunLease, ...errorResponses(400, 404, 409) },
        },
      },
      async (request) => pageRuns.begin(request.params.id),
    );

    app.post(
      '/api/lab/attacks/page-run/:lease/end',
      {
        schema: {
          tags,
          summary: "End the page's run: the toggles go back to what they were at its begin",
          params: PageRunLeaseParams,
          body: EmptyBody,
          response: { 200: PageRunEnded, ...errorResponses(400) },
        },
      },
      async (request) => pageRuns.end(request.params.lease),
    );
  };

/** The hands-on walkthrough attempts: start, look, paste. */
const attemptRoutes =
  (attempts: WalkthroughAttempts): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/api/lab/attacks/:id/attempt',
      {
        schema: {
          tags,
          summary: 'Start (or start again) a hands-on attempt at an attack; its steps are checked live',
          params: AttackParams,
          body: EmptyBody,
          response: { 200: WalkthroughAttempt, ...errorResponses(400, 404, 409) },
        },
      },
      async (request) => attempts.start(request.params.id),
    );

    app.get(
      '/api/lab/attacks/:id/attempt',
      {
        schema: {
          tags,
          summary: 'The attempt: which steps the server has seen done, and the result',
          params: AttackParams,
          response: { 200: WalkthroughAttempt, ...errorResponses(400, 404, 409) },
        },
      },
      async (request) => attempts.view(request.params.id),
    );

    app.post(
      '/api/lab/attacks/:id/attempt/paste',
      {
        schema: {
          tags,
          summary: 'Paste a value for a step that asks for one (kept in memory only), then check again',
          params: AttackParams,
          body: WalkthroughPasteBody,
          response: { 200: WalkthroughAttempt, ...errorResponses(400, 404, 409) },
        },
      },
      async (request) => attempts.paste(request.params.id, request.body.step, request.body.value),
    );
  };
