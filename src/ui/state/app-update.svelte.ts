/**
 * The service worker (production builds only): offline use, and a prompt when a new
 * version is deployed — never swapped in under a visitor mid-demo.
 */
import { registerSW } from 'virtual:pwa-register';

export class AppUpdate {
  needRefresh = $state(false);
  offlineReady = $state(false);
  #update: ((reload?: boolean) => Promise<void>) | undefined;

  start(): void {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    this.#update = registerSW({
      onNeedRefresh: () => (this.needRefresh = true),
      onOfflineReady: () => (this.offlineReady = true),
    });
  }

  apply(): void {
    void this.#update?.(true);
  }
}
