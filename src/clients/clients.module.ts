import { Module } from '@nestjs/common';
import { ClientsController } from './clients.controller';
import { ClientsReadRepository } from './clients-read.repository';
import { IngestEventsPublisher } from './ingest/ingest-events.publisher';
import { IngestService } from './ingest/ingest.service';
import { StaffReadRepository } from './staff-read.repository';
import { StaffController } from './staff.controller';

/** The canonical member data: the one write path (IngestService) and the client read API. */
@Module({
  controllers: [ClientsController, StaffController],
  providers: [IngestService, IngestEventsPublisher, ClientsReadRepository, StaffReadRepository],
  exports: [IngestService, ClientsReadRepository],
})
export class ClientsModule {}
