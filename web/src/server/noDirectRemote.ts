/**
 * What the server page says under "Directly to the server's remote" when there is no
 * remote a client can reach: one statement that agrees with the Packages and
 * Configuration sections above it, whichever of packages and remotes the version has.
 * A server whose package Toolshed hosts is never sent to run that package locally:
 * its clients connect through the gateway. Pure; unit-tested beside this file.
 */
import type { ServerJson } from '../api/catalogTypes.js';

export interface NoDirectRemote {
  title: string;
  detail: string;
}

export function noDirectRemote(server: ServerJson, hosted = false): NoDirectRemote {
  if (hosted) {
    return { title: 'Toolshed runs this server for you.', detail: 'Its package runs in Toolshed, not on your computer: connect your client through the gateway above.' };
  }
  const title = 'No remote endpoint to connect to.';
  if (server.remotes?.length) {
    return { title, detail: 'Its remotes use a transport no client configuration here supports; see Packages and remotes above.' };
  }
  if (server.packages?.length) {
    return { title, detail: 'This server runs locally from its package; see Packages and remotes, and Configuration, above.' };
  }
  return { title, detail: 'This version lists neither a package nor a remote; its repository or website may say how to run it.' };
}
