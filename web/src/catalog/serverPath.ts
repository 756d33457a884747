/** The UI path of a server's page: `/servers/io.github.acme/weather` (the name's slash kept readable). */
export function serverPath(name: string): string {
  return `/servers/${name.split('/').map(encodeURIComponent).join('/')}`;
}
