import { describe, expect, test } from 'vitest';
import { createRouter } from '../conversation/pipeline/router.js';
import { FEATURES, featureFlows } from './index.js';
import { materialsFeature } from './materials.feature.js';

describe('the features of the service', () => {
  test("the command menu lists every feature's commands in the order members know", () => {
    expect(createRouter(featureFlows()).commandMenu.map((c) => c.command)).toEqual([
      'start',
      'lich',
      'hopchiuy',
      'doilich',
      'chuyende',
      'tinhhinh',
      'dangkythay',
      'diemdanh',
      'danhsach',
      'dongdiemdanh',
      'ketthuchop',
      'ma',
      'viec',
      'nghiquyet',
      'giaoviec',
      'tailieu',
      'baocaotailieu',
      'tailieuchibo',
      'bieuquyet',
      'ketqua',
      'dongbieuquyet',
      'tonghop',
      'toi',
      'trogiup',
      'doitaikhoan',
    ]);
  });

  test('every button prefix is owned by exactly one feature, and Zalo learns them all', () => {
    const prefixes = createRouter(featureFlows()).buttonPrefixes;
    for (const p of ['rsvp', 'ci', 'prep', 'prepok', 'tr', 'ts', 'tp', 'mack', 'mres', 'pv', 'bqok', 'gvok', 'nqok', 'mtu']) {
      expect(prefixes.has(p), p).toBe(true);
    }
    const owners = FEATURES.flatMap((f) => (f.flows ?? []).flatMap((m) => Object.keys(m.buttons ?? {})));
    expect(new Set(owners).size).toBe(owners.length);
  });

  test('two features claiming the same command are refused at start-up, naming it', () => {
    expect(() => createRouter([...featureFlows(), ...(materialsFeature.flows ?? [])])).toThrow(/command "tailieu"/);
  });
});
