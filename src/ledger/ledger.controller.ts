import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../identity/auth.decorators';
import { LedgerCheck, LedgerService } from './ledger.service';

@ApiTags('ledger')
@ApiBearerAuth()
@Controller('admin/ledger')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Roles('admin')
  @Get('check')
  @ApiOperation({ summary: 'Whether every journal entry balances per currency, with the counts; otherwise the first that does not' })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['balanced', 'entries', 'postings'],
      properties: {
        balanced: { type: 'boolean' },
        entries: { type: 'integer' },
        postings: { type: 'integer' },
        firstUnbalanced: {
          type: 'object',
          properties: { entryId: { type: 'string' }, kind: { type: 'string' }, sourceId: { type: 'string' }, currency: { type: 'string' }, leftOver: { type: 'integer' } },
        },
      },
    },
  })
  check(): Promise<LedgerCheck> {
    return this.ledger.check();
  }
}
