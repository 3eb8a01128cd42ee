/** Routes live in the URL's fragment (#/window, #/applications/<id>), so the gateway serves one file for all. */
export interface Route {
  page: string;
  id?: string;
}

export function parseRoute(hash: string): Route {
  const [page = '', id] = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return id ? { page, id: decodeURIComponent(id) } : { page };
}

export function routeHash(route: Route): string {
  return `#/${route.page}${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
}
