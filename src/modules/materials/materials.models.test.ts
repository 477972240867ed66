import { describe, expect, test } from 'vitest';
import { branchInScope, chunked, deliveryStatus, failureReason, fileExtension, formProblems } from './materials.models.js';

describe('materials rules', () => {
  test('PDF, DOC and DOCX are recognised by extension, in any case', () => {
    expect(['a.PDF', 'b.docx', 'c.Doc', 'd.xlsx', 'pdf', 'e.pdf.exe'].map(fileExtension)).toEqual(['pdf', 'docx', 'doc', null, null, null]);
  });

  test('a period is a real month; a link is http or https', () => {
    const base = { title: 'T', file: undefined };
    expect(formProblems({ ...base, period: '2026-00', linkUrl: 'https://a.vn' })).toEqual(['bad_period']);
    expect(formProblems({ ...base, period: '2026-12', linkUrl: 'javascript:alert(1)' })).toEqual(['bad_link']);
    expect(formProblems({ ...base, period: '2026-12', linkUrl: 'http://tuyengiao.vn/x' })).toEqual([]);
    expect(formProblems({ ...base, title: 'x'.repeat(201), period: '2026-12', linkUrl: 'http://a.vn' })).toEqual(['title_too_long']);
  });

  test('a branch is in scope through the publishing unit, or through one of the chosen units', () => {
    expect(branchInScope('/1/2/5/', { orgUnitId: 1, scopeUnitIds: [] })).toBe(true);
    expect(branchInScope('/1/2/5/', { orgUnitId: 2, scopeUnitIds: [5] })).toBe(true);
    expect(branchInScope('/1/3/6/', { orgUnitId: 1, scopeUnitIds: [2] })).toBe(false);
    expect(branchInScope('/9/2/5/', { orgUnitId: 1, scopeUnitIds: [2] })).toBe(false);
  });

  test('a delivery is acknowledged, failed with a reason, sent or pending', () => {
    const f = { acknowledged: false, failure: null, outboxStatus: null, lastError: null };
    expect(deliveryStatus({ ...f, acknowledged: true, outboxStatus: 'sent' })).toEqual({ status: 'acknowledged' });
    expect(deliveryStatus({ ...f, failure: 'not_linked' })).toEqual({ status: 'failed', reason: 'not_linked' });
    expect(deliveryStatus({ ...f, outboxStatus: 'failed', lastError: 'blocked: Forbidden: bot was blocked by the user' })).toEqual({
      status: 'failed',
      reason: 'blocked',
    });
    expect(deliveryStatus({ ...f, outboxStatus: 'sent' })).toEqual({ status: 'sent' });
    expect(deliveryStatus({ ...f, outboxStatus: 'pending', lastError: 'rate_limited: retry after 3' })).toEqual({ status: 'pending' });
    expect(failureReason('gave up after 8 attempts: transient')).toBe('transient');
    expect(failureReason(null)).toBe('error');
  });

  test('fan-out goes in chunks of at most 1,000 rows', () => {
    expect(chunked(Array.from({ length: 2001 }, (_, i) => i)).map((c) => c.length)).toEqual([1000, 1000, 1]);
  });
});
