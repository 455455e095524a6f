import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ShopsService } from '../catalog/shops.service';
import { notFound } from '../common/errors';
import { Money } from '../common/money';
import { CurrentUser, Roles } from '../identity/auth.decorators';
import { AuthUser } from '../identity/roles';
import { OnboardingLink, PayoutAccountsService } from './payout-accounts.service';
import { Balance, PayoutRunResult, PayoutsService, PayoutView } from './payouts.service';

class OnboardingLinkDto implements OnboardingLink {
  @ApiProperty({ description: "Stripe's onboarding page; open it in a browser" }) url: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ example: 'acct_1Nv0FGQ9RKHgCVdK' }) accountId: string;
  @ApiProperty() payoutsEnabled: boolean;
}

class PayoutDto implements PayoutView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: { type: 'shop', id: '3f0c…' } }) beneficiary: { type: 'shop' | 'association'; id: string };
  @ApiProperty({ enum: ['stripe', 'manual'] }) provider: 'stripe' | 'manual';
  @ApiProperty({ enum: ['pending', 'paid', 'failed'] }) status: 'pending' | 'paid' | 'failed';
  @ApiProperty({ example: { amount: 2248764, currency: 'KZT' } }) amount: Money;
  @ApiProperty({ nullable: true, type: String, description: 'the Stripe transfer' }) transferRef: string | null;
  @ApiProperty({ nullable: true, type: String }) failureMessage: string | null;
  @ApiProperty({ description: 'what each seller order contributed (minor units)', example: [{ id: '…', number: 'SH-001042-1', amount: 2248764 }] })
  sellerOrders: { id: string; number: string; amount: number }[];
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) paidAt: Date | null;
}

class BalanceDto implements Balance {
  @ApiProperty({ description: 'owed for seller orders not completed yet', example: { amount: 1199382, currency: 'KZT' } }) pending: Money;
  @ApiProperty({ description: 'owed for completed seller orders; the next payout run passes it on', example: { amount: 874999, currency: 'KZT' } })
  available: Money;
  @ApiProperty({ description: 'passed on so far', example: { amount: 2248764, currency: 'KZT' } }) paidOut: Money;
}

class PayoutRunDto implements PayoutRunResult {
  @ApiProperty({ type: [PayoutDto] }) payouts: PayoutDto[];
  @ApiProperty({ description: 'Stripe payouts still pending (Stripe did not answer); the next run asks again with the same key' }) pending: number;
  @ApiProperty({ description: 'transfer reversals made: money taken back from payouts that later refunds overpaid' }) reversals: number;
}

@ApiTags('payouts')
@ApiBearerAuth()
@Controller()
export class PayoutsController {
  constructor(
    private readonly payouts: PayoutsService,
    private readonly accounts: PayoutAccountsService,
    private readonly shops: ShopsService,
  ) {}

  private async ownShop(maker: AuthUser) {
    const shop = await this.shops.findOwn(maker.id);
    if (!shop) throw notFound('Shop');
    return shop;
  }

  @Roles('maker')
  @Post('me/payout-account/onboarding-link')
  @HttpCode(200)
  @ApiOperation({ summary: "A Stripe Connect Express onboarding link for the maker's shop (the account is created on the first call)" })
  @ApiOkResponse({ type: OnboardingLinkDto })
  async makerLink(@CurrentUser() maker: AuthUser): Promise<OnboardingLink> {
    return this.accounts.forShop(maker, await this.ownShop(maker));
  }

  @Roles('association_admin', 'admin')
  @Post('associations/:id/payout-account/onboarding-link')
  @HttpCode(200)
  @ApiOperation({ summary: "The same for the association's own account, which receives its commission" })
  @ApiOkResponse({ type: OnboardingLinkDto })
  associationLink(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<OnboardingLink> {
    return this.accounts.forAssociation(actor, id);
  }

  @Roles('maker')
  @Get('me/balance')
  @ApiOperation({ summary: "The maker's balance from the ledger: pending, available, paid out" })
  @ApiOkResponse({ type: BalanceDto })
  async balance(@CurrentUser() maker: AuthUser): Promise<Balance> {
    return this.payouts.balanceOf(await this.ownShop(maker));
  }

  @Roles('maker')
  @Get('me/payouts')
  @ApiOperation({ summary: "The maker's payouts, newest first, with their seller orders" })
  @ApiOkResponse({ type: [PayoutDto] })
  async mine(@CurrentUser() maker: AuthUser): Promise<PayoutView[]> {
    return this.payouts.ofBeneficiary('shop', (await this.ownShop(maker)).id);
  }

  @Roles('admin')
  @Post('admin/payouts/run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Runs a payout run now (it also runs on its schedule); answers what it paid' })
  @ApiOkResponse({ type: PayoutRunDto })
  run(): Promise<PayoutRunResult> {
    return this.payouts.run();
  }

  @Roles('admin')
  @Post('admin/payouts/:id/mark-paid')
  @HttpCode(200)
  @ApiOperation({ summary: 'A manual payout (orders paid by hand) settled by hand' })
  @ApiOkResponse({ type: PayoutDto })
  markPaid(@CurrentUser() admin: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<PayoutView> {
    return this.payouts.markPaid(admin, id);
  }
}
