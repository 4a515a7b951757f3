import { Module } from '@nestjs/common';
import { ClientsModule } from '../clients';
import { SecretBoxProvider } from '../common/secret-box.provider';
import { ConnectionRepository } from './connections/connection.repository';
import { ConnectionsController } from './connections/connections.controller';
import { ImportController } from './import/import.controller';
import { PushPressConnectionController } from './pushpress/pushpress-connection.controller';
import { PushPressStatusRepository } from './pushpress/pushpress-status.repository';
import { SyncModule } from './sync/sync.module';
import { EventInboxRepository } from './webhooks/event-inbox.repository';
import { InboxBatcher } from './webhooks/inbox-batcher';
import { WebhookIntakeService } from './webhooks/webhook-intake.service';
import { WebhookProcessingService } from './webhooks/webhook-processing.service';
import { WebhookRejectionRepository } from './webhooks/webhook-rejection.repository';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WebhooksProcessor } from './webhooks/webhooks.processor';

const SHARED = [SecretBoxProvider, ConnectionRepository, EventInboxRepository, WebhookRejectionRepository];

/** Getting data in, HTTP side: import API, webhook intake, connections and status. */
@Module({
  imports: [ClientsModule, SyncModule],
  controllers: [ImportController, WebhooksController, ConnectionsController, PushPressConnectionController],
  providers: [...SHARED, WebhookIntakeService, InboxBatcher, PushPressStatusRepository],
})
export class IntegrationsModule {}

/** Getting data in, worker side: webhook processing and sweeping (sync: SyncWorkerModule). */
@Module({
  imports: [ClientsModule],
  providers: [...SHARED, WebhookProcessingService, WebhooksProcessor],
})
export class IntegrationsWorkerModule {}
