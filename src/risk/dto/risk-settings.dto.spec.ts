import { BadRequestException } from '@nestjs/common';
import { createValidationPipe } from '../../common/validation';
import { DEFAULT_RISK_SETTINGS } from '../rules/risk-settings';
import { RiskSettingsPatch, mergeRiskSettings } from '../rules/risk-settings-merge';
import { RiskSettingsDto } from './risk-settings.dto';

// Through the app's own ValidationPipe, so paths and messages are what PUT /api/v1/settings/risk answers.
const pipe = createValidationPipe();

async function problems(body: unknown): Promise<Array<{ path: string; reason: string }>> {
  try {
    await pipe.transform(body, { type: 'body', metatype: RiskSettingsDto });
  } catch (e) {
    if (e instanceof BadRequestException) return (e.getResponse() as { problems: Array<{ path: string; reason: string }> }).problems;
    throw e;
  }
  return [];
}
const paths = async (body: unknown) => (await problems(body)).map((p) => p.path);

describe('RiskSettingsDto', () => {
  it('should accept an empty body and a partial update', async () => {
    expect(await problems({})).toEqual([]);
    expect(await problems({ atRisk: { threshold: 60 }, health: { weights: { payments: 0 } }, schedule: { cron: '0 */4 * * *' } })).toEqual([]);
  });

  it('should accept a whole valid table and null to reset a section', async () => {
    const body = {
      lowUser: {
        table: [
          { sessions: 0, score: 60 },
          { sessions: 1, score: 20 },
          { sessions: 2, score: 0 },
        ],
      },
      absent: {
        bands: [
          { minDays: 0, maxDays: 5, score: 0 },
          { minDays: 6, maxDays: 20, score: 40 },
          { minDays: 21, maxDays: null, score: 80 },
        ],
      },
      health: null,
    };
    expect(await problems(body)).toEqual([]);
    const dto = (await pipe.transform(body, { type: 'body', metatype: RiskSettingsDto })) as RiskSettingsDto;
    expect(dto.absent?.bands?.[2]).toEqual({ minDays: 21, maxDays: null, score: 80 });
  });

  it('should name a band that is not contiguous by its path', async () => {
    const bands = [
      { minDays: 0, maxDays: 3, score: 0 },
      { minDays: 4, maxDays: 6, score: 15 },
      { minDays: 8, maxDays: null, score: 75 },
    ];
    expect(await problems({ absent: { bands } })).toEqual([
      { path: 'absent.bands', reason: 'absent.bands[2].minDays must be 7, the day after absent.bands[1].maxDays: bands are contiguous and increasing' },
    ]);
  });

  it('should name a band ending before it starts, an open band that is not last and a closed last band', async () => {
    const bands = [
      { minDays: 0, maxDays: null, score: 0 },
      { minDays: 4, maxDays: 2, score: 15 },
      { minDays: 3, maxDays: 9, score: 75 },
    ];
    const [p] = await problems({ absent: { bands } });
    expect(p.path).toBe('absent.bands');
    expect(p.reason).toContain('absent.bands[0].maxDays must be a number: only the last band is open-ended');
    expect(p.reason).toContain('absent.bands[1].maxDays must not be less than absent.bands[1].minDays (4)');
    expect(p.reason).toContain('absent.bands[2].maxDays must be null');
  });

  it('should name a negative, fractional or missing field of a row by its path', async () => {
    const bands = [
      { minDays: -1, maxDays: 3, score: 0 },
      { minDays: 4, maxDays: 6.5, score: 15 },
      { minDays: 7, score: 75 },
    ];
    expect(await problems({ absent: { bands } })).toEqual([
      { path: 'absent.bands', reason: 'absent.bands[2].maxDays must be null: the last band covers every longer absence' },
      { path: 'absent.bands[0].minDays', reason: 'minDays must not be less than 0' },
      { path: 'absent.bands[1].maxDays', reason: 'maxDays must be an integer number' },
    ]);
  });

  it('should name a score above 100 and rows not for 0, 1, 2 ... sessions', async () => {
    const table = [
      { sessions: 0, score: 50 },
      { sessions: 2, score: 101 },
    ];
    expect(await problems({ lowUser: { table } })).toEqual([
      { path: 'lowUser.table', reason: 'lowUser.table[1].sessions must be 1: rows start at 0 sessions and go up by one' },
      { path: 'lowUser.table[1].score', reason: 'score must not be greater than 100' },
    ]);
  });

  it('should reject empty tables', async () => {
    expect(await paths({ lowUser: { table: [] }, absent: { bands: [] } })).toEqual(['lowUser.table', 'absent.bands']);
  });

  it('should reject non-integer and out-of-range thresholds', async () => {
    expect(await paths({ lowUser: { windowDays: 7.5 }, atRisk: { threshold: 0 }, scoreCap: 101, inTrouble: { minDaysAbsent: -3 } })).toEqual([
      'lowUser.windowDays',
      'inTrouble.minDaysAbsent',
      'atRisk.threshold',
      'scoreCap',
    ]);
  });

  it('should reject negative weights and six zero weights', async () => {
    expect(await paths({ health: { weights: { trend: -1 } } })).toEqual(['health.weights.trend']);
    const zero = { frequency: 0, recency: 0, trend: 0, bookingsAhead: 0, reliability: 0, payments: 0 };
    expect(await problems({ health: { weights: zero } })).toEqual([{ path: 'health.weights', reason: 'health.weights must not all be zero' }]);
    expect(await problems({ health: { weights: { ...zero, engagement: 0 } } })).toHaveLength(1);
    // engagement alone may carry the score
    expect(await problems({ health: { weights: { ...zero, engagement: 5 } } })).toEqual([]);
    expect(await paths({ health: { weights: { engagement: -1 } } })).toEqual(['health.weights.engagement']);
  });

  it('should reject a yellow band at or above green when both are sent', async () => {
    expect(await problems({ health: { bands: { greenMin: 60, yellowMin: 60 } } })).toEqual([
      { path: 'health.bands.greenMin', reason: 'health.bands.greenMin must be greater than health.bands.yellowMin (60)' },
    ]);
  });

  it('should reject a bad cron, a zero batch size and unknown fields', async () => {
    expect(await paths({ schedule: { cron: 'hourly', batchSize: 0 }, lowUser: { sessions: 3 }, extra: 1 })).toEqual(['extra', 'lowUser.sessions', 'schedule.cron', 'schedule.batchSize']);
  });

  it('should reject a section that is not an object', async () => {
    expect(await paths({ health: 5 })).toEqual(['health']);
  });

  it('should give a body mergeRiskSettings turns into full settings', async () => {
    const dto = (await pipe.transform({ atRisk: { threshold: 60 }, health: { bands: { yellowMin: 30 } } }, { type: 'body', metatype: RiskSettingsDto })) as RiskSettingsDto;
    const s = mergeRiskSettings(DEFAULT_RISK_SETTINGS, { scoreCap: 90 }, dto as RiskSettingsPatch);
    expect(s).toMatchObject({ atRisk: { threshold: 60 }, scoreCap: 90, health: { bands: { greenMin: 70, yellowMin: 30 } } });
  });
});
