/**
 * This server's own namespace, `/_admin/` (issue 9, "The contract of this server's own namespace"):
 * never an Intercom path. Admitted like every API operation (the workspace's access token, the same
 * checks), answered like one (errors in `error.list` shape with the request id), and run like one:
 * each write in one transaction (core/operation.ts). An unknown `/_admin` path is the server's 404.
 */
import type { FastifyInstance } from 'fastify';
import { runOperation } from '../core/operation.js';
import type { OperationDeps } from '../http/register.js';
import { assertCleanStrings } from '../http/strings.js';
import { createVisitorRoute } from './visitors.js';
import { registerControlRoutes } from './controls/routes.js';
import type { DeveloperControls } from './controls/service.js';
import * as phoneRedirects from './phone-redirects.js';
import * as webhooks from './webhooks.js';
import type { AdminHandler } from './webhooks.js';

interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: AdminHandler;
  /** Whether it runs in a transaction; GET /_admin/app writes (the secret is made on first use). */
  writes: boolean;
}

const routes: AdminRoute[] = [
  { method: 'GET', path: '/_admin/app', handler: webhooks.adminApp, writes: true },
  { method: 'POST', path: '/_admin/webhooks', handler: webhooks.createSubscription, writes: true },
  { method: 'GET', path: '/_admin/webhooks', handler: webhooks.listSubscriptions, writes: false },
  { method: 'GET', path: '/_admin/webhooks/:id', handler: webhooks.showSubscription, writes: false },
  { method: 'PUT', path: '/_admin/webhooks/:id', handler: webhooks.updateSubscription, writes: true },
  { method: 'DELETE', path: '/_admin/webhooks/:id', handler: webhooks.deleteSubscription, writes: true },
  { method: 'GET', path: '/_admin/webhooks/:id/deliveries', handler: webhooks.listDeliveries, writes: false },
  { method: 'POST', path: '/_admin/webhooks/:id/ping', handler: webhooks.pingSubscription, writes: true },
  { method: 'POST', path: '/_admin/visitors', handler: createVisitorRoute, writes: true },
  { method: 'POST', path: '/_admin/webhooks/:id/deliveries/:delivery_id/redeliver', handler: webhooks.redeliver, writes: true },
  { method: 'GET', path: '/_admin/phone_call_redirects', handler: phoneRedirects.listRedirects, writes: false },
  { method: 'GET', path: '/_admin/phone_call_redirects/:id', handler: phoneRedirects.showRedirect, writes: false },
];

export function registerAdmin(app: FastifyInstance, deps: OperationDeps, controls: DeveloperControls): void {
  registerControlRoutes(app, deps, controls);
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      onRequest: deps.admit,
      handler: async (request) => {
        assertCleanStrings('params', request.params);
        assertCleanStrings('query', request.query);
        assertCleanStrings('body', request.body);
        const input = {
          params: (request.params ?? {}) as Record<string, string>,
          query: (request.query ?? {}) as Record<string, unknown>,
          body: request.body,
        };
        return runOperation(deps, request.caller!, request, route.writes, (ctx) => route.handler(ctx, input));
      },
    });
  }
}
