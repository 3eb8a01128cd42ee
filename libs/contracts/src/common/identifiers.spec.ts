import { isResidentIdNumber, isUnifiedSocialCreditCode } from './identifiers';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts published sample numbers, including an X check digit', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('440524188001010014')).toBe(false); // birth year before 1900
    expect(isResidentIdNumber('110105194912310021')).toBe(false); // wrong check digit
  });

  it('refuses impossible birth dates and bad shapes', () => {
    expect(isResidentIdNumber('110105194902300026')).toBe(false); // 30 February
    expect(isResidentIdNumber('11010519491231002x')).toBe(false); // lower-case x
    expect(isResidentIdNumber('1101051949123100')).toBe(false);
    expect(isResidentIdNumber(110105194912310020)).toBe(false);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a published sample code and refuses a changed check character', () => {
    expect(isUnifiedSocialCreditCode('91350100M000100Y43')).toBe(true);
    expect(isUnifiedSocialCreditCode('91350100M000100Y44')).toBe(false);
  });

  it('refuses letters outside its alphabet (I, O, S, V, Z) and bad lengths', () => {
    expect(isUnifiedSocialCreditCode('91350100M000100O43')).toBe(false);
    expect(isUnifiedSocialCreditCode('91350100M000100Y4')).toBe(false);
  });
});
