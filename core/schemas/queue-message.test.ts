import { describe, expect, it } from 'vitest';
import { QueueMessage } from './queue-message.ts';

const enqueued_at = '2026-11-10T01:41:00Z';

const examples = {
  ingest_day: { type: 'ingest_day', date: '2026-11-09', trigger: 'stream_offline', enqueued_at },
  process_item: {
    type: 'process_item',
    content_item_id: 'twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp',
    enqueued_at,
  },
  github_delivery: {
    type: 'github_delivery',
    delivery_id: '3c7e9a10-bb1e-11f0-8b3a-5d2c4f6e7a81',
    event: 'push',
    payload_r2_key: 'raw/github/3c7e9a10.json',
    enqueued_at,
  },
  stream_offline: {
    type: 'stream_offline',
    broadcaster_id: '918273645',
    eventsub_message_id: 'befa7b53-d79d',
    enqueued_at,
  },
  generate_content: { type: 'generate_content', job_id: 'job_01JC9', enqueued_at },
  publish_post: {
    type: 'publish_post',
    content_type: 'daily_recap',
    period_start: '2026-11-09',
    period_end: '2026-11-09',
    enqueued_at,
  },
} as const;

describe('QueueMessage', () => {
  it.each(Object.entries(examples))('accepts a %s message', (type, message) => {
    const parsed = QueueMessage.parse(message);
    expect(parsed.type).toBe(type);
    expect(parsed).toMatchObject(message);
  });

  it('defaults force to false where a message can force', () => {
    expect(QueueMessage.parse(examples.ingest_day)).toMatchObject({ force: false });
    expect(QueueMessage.parse(examples.publish_post)).toMatchObject({ force: false });
  });

  it('rejects an unknown type', () => {
    const result = QueueMessage.safeParse({ type: 'delete_everything', enqueued_at });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'invalid_union', path: ['type'] });
  });

  it('rejects a message without a type', () => {
    expect(QueueMessage.safeParse({ date: '2026-11-09', enqueued_at }).success).toBe(false);
  });

  it('rejects a known type with fields of another type, naming the missing field', () => {
    const result = QueueMessage.safeParse({ ...examples.generate_content, type: 'process_item' });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['content_item_id']);
  });

  it('rejects a non-numeric broadcaster id', () => {
    const result = QueueMessage.safeParse({ ...examples.stream_offline, broadcaster_id: 'codewithmara' });
    expect(result.error?.issues[0]?.path).toEqual(['broadcaster_id']);
  });
});
