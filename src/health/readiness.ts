import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * Whether this process wants new requests. On a stop signal it says no first (the readiness
 * probe answers 503), waits SHUTDOWN_DRAIN_SECONDS for the load balancer to notice, and only then
 * is the listener closed; requests already in flight finish either way.
 */
@Injectable()
export class Readiness {
  private draining = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get shuttingDown(): boolean {
    return this.draining;
  }

  async drain(): Promise<void> {
    this.draining = true;
    if (this.config.SHUTDOWN_DRAIN_SECONDS > 0) await new Promise((resolve) => setTimeout(resolve, this.config.SHUTDOWN_DRAIN_SECONDS * 1000));
  }
}
