/** A hash router: `#/device` → `/device`. Hash routing keeps the app a static bundle that works offline. */
export class Router {
  #path = $state('/');

  constructor() {
    const read = () => (this.#path = location.hash.replace(/^#/, '') || '/');
    read();
    addEventListener('hashchange', read);
  }

  get path(): string {
    return this.#path;
  }
}
