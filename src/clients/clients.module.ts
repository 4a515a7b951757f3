import { Module } from '@nestjs/common';
import { ClientCountController } from './client-count.controller';
import { ClientCountRepository } from './client-count.repository';
import { ClientHistoryController, LocationsController } from './client-history.controller';
import { ClientHistoryRepository } from './client-history.repository';
import { ClientsController } from './clients.controller';
import { ClientsReadRepository } from './clients-read.repository';
import { IngestEventsPublisher } from './ingest/ingest-events.publisher';
import { IngestService } from './ingest/ingest.service';
import { StaffReadRepository } from './staff-read.repository';
import { StaffController } from './staff.controller';

/** The canonical member data: the one write path (IngestService) and client reads; in every process. */
@Module({
  providers: [IngestService, IngestEventsPublisher, ClientsReadRepository],
  exports: [IngestService, ClientsReadRepository],
})
export class ClientsModule {}

/** The client read API (HTTP processes only). */
@Module({
  imports: [ClientsModule],
  // ClientCountController first: GET /clients/count must not reach ClientsController's /clients/:id
  controllers: [ClientCountController, ClientsController, ClientHistoryController, LocationsController, StaffController],
  providers: [ClientCountRepository, ClientHistoryRepository, StaffReadRepository],
})
export class ClientsHttpModule {}
