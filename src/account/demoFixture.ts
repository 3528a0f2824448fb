/**
 * The demo accounts that `ACCOUNT_ADAPTER=demo` starts with (README lists them so a
 * newcomer can try each flow). Values here are fake and documented on purpose.
 *
 * | account            | state   | security info                                                             |
 * |--------------------|---------|---------------------------------------------------------------------------|
 * | taro@example.com   | active  | email taro.backup@example.net, SMS 090-1234-5678, authenticator app,     |
 * |  (Skype: taro_yamada)        | secret question 「初めて飼ったペットの名前は？」 answer 「ポチ」,            |
 * |                    |         | recovery code ABCDE-12345-FGHIJ-67890-KLMNP                               |
 * | hanako@example.com | blocked | SMS 080-9876-5432 (also a sign-in name)                                   |
 * | jiro@example.com   | active  | none usable: recovery form; profile 山田 次郎, 1990-01-02, 東京都, 100-0001 |
 *
 * Codes sent to these contacts (and the demo authenticator app's codes) appear at GET /demo/outbox.
 */

export type DemoAccountState = 'active' | 'blocked';

export interface DemoProfile {
  readonly lastName: string;
  readonly firstName: string;
  /** yyyy-mm-dd */
  readonly birthDate: string;
  readonly country: string;
  readonly prefecture: string;
  /** nnn-nnnn */
  readonly postalCode: string;
}

export interface DemoAccountSeed {
  /** The account's primary name, used in messages and as its key. */
  readonly id: string;
  /** Every name the account can be identified by (e-mail, phone number, Skype name). */
  readonly signInNames: readonly string[];
  readonly state: DemoAccountState;
  /** Why the account is blocked, for the operator. */
  readonly blockedReason?: string;
  readonly securityEmails: readonly string[];
  readonly securityPhones: readonly string[];
  readonly authenticatorApp: boolean;
  readonly secretQuestion?: { readonly question: string; readonly answer: string };
  readonly recoveryCode?: string;
  /** What account recovery checks the form's answers against. */
  readonly profile?: DemoProfile;
}

export const DEMO_ACCOUNTS: readonly DemoAccountSeed[] = [
  {
    id: 'taro@example.com',
    signInNames: ['taro@example.com', 'taro_yamada'],
    state: 'active',
    securityEmails: ['taro.backup@example.net'],
    securityPhones: ['090-1234-5678'],
    authenticatorApp: true,
    secretQuestion: { question: '初めて飼ったペットの名前は？', answer: 'ポチ' },
    recoveryCode: 'ABCDE-12345-FGHIJ-67890-KLMNP',
  },
  {
    id: 'hanako@example.com',
    signInNames: ['hanako@example.com', '080-9876-5432'],
    state: 'blocked',
    blockedReason: 'suspected unauthorized sign-in',
    securityEmails: [],
    securityPhones: ['080-9876-5432'],
    authenticatorApp: false,
  },
  {
    id: 'jiro@example.com',
    signInNames: ['jiro@example.com'],
    state: 'active',
    securityEmails: [],
    securityPhones: [],
    authenticatorApp: false,
    profile: { lastName: '山田', firstName: '次郎', birthDate: '1990-01-02', country: '日本', prefecture: '東京都', postalCode: '100-0001' },
  },
];
