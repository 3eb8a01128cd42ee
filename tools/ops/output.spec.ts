import { renderTable } from './output';
import { redactedErrorLine, redactText } from './commands/logs';

describe('yiti-ops output', () => {
  it('aligns table columns by display width (Chinese characters take two columns)', () => {
    const table = renderTable([
      { county: '320585', name: '太仓市', valid: 'yes' },
      { county: '320583', name: 'Kunshan', valid: 'NO' },
    ]);
    expect(table.split('\n')).toEqual(['county  name     valid', '------  -------  -----', '320585  太仓市   yes', '320583  Kunshan  NO', '']);
    expect(renderTable([])).toBe('(none)\n');
  });
});

describe('support bundle redaction', () => {
  it('masks ID card numbers, mobile numbers, e-mail addresses, bearer tokens and database URLs in text', () => {
    expect(redactText('id 32058519900101123X phone 13912345678 mail a.b@example.cn Bearer eyJ.abc.def postgres://u:p@h/db')).toBe(
      'id [id-number] phone [phone] mail [email] Bearer [token] postgres://[url]',
    );
  });

  it('keeps error lines only, dropping the values of fields that may hold personal data', () => {
    expect(redactedErrorLine(JSON.stringify({ level: 30, msg: 'fine' }))).toBeNull();
    const line = JSON.parse(redactedErrorLine(JSON.stringify({ level: 50, msg: 'failed for 13912345678', payload: { name: '张三' }, req: { url: '/x', headers: { authorization: 'Bearer t' } } })) as string);
    expect(line).toEqual({ level: 50, msg: 'failed for [phone]', payload: '[redacted]', req: { url: '/x', headers: { authorization: '[redacted]' } } });
    expect(redactedErrorLine('plain ERROR for 13912345678')).toBe('plain ERROR for [phone]');
    expect(redactedErrorLine('plain info line')).toBeNull();
  });
});
