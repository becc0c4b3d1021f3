/** What the tests through the official client (intercom-client@6.4.0) share. */
import { IntercomClient, IntercomError } from 'intercom-client';
import type { TestApi } from './harness.js';

/** A client for a fresh workspace of `api`, talking to its listening server. */
export function sdkClients(api: TestApi, baseUrl: string, workspaceName: string) {
  return async () => {
    const ws = await api.newWorkspace(workspaceName);
    return { ws, intercom: new IntercomClient({ token: ws.token, baseUrl }) };
  };
}

/** The HTTP status a client call ended with: 200, or the error's status. */
export async function status(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof IntercomError) return error.statusCode ?? 0;
    throw error;
  }
}
