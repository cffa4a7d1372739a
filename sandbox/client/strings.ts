type State = 'CREATED' | 'PENDING' | 'SUCCESS' | 'FAILED' | 'EXPIRED' | 'CANCELLED';

interface Strings {
  phone(msisdn: string): string;
  sendPrompt: string;
  payAmount: string;
  approveOnPhone: string;
  handsetNote: string;
  approve: string;
  decline: string;
  cancel: string;
  expiresIn(time: string): string;
  openPhone: string;
  unreachable: string;
  gaveUp: string;
  actionFailed: string;
  gone: string;
  goneHint: string;
  tryAgain: string;
  status: Record<State, (amount: string, msisdn: string) => string>;
}

/** The hosted page's words, in the languages `extra_params.language` accepts. */
export const strings: Record<'en' | 'sw', Strings> = {
  en: {
    phone: (msisdn) => `M-Pesa number ${msisdn}`,
    sendPrompt: 'Send payment prompt',
    payAmount: 'Amount to pay',
    approveOnPhone: 'Approve the payment on your phone',
    handsetNote: 'Sandbox: these buttons stand in for the customer’s phone.',
    approve: 'Approve on phone',
    decline: 'Decline on phone',
    cancel: 'Cancel payment',
    expiresIn: (time) => `This checkout expires in ${time}.`,
    openPhone: 'Open the sandbox phone',
    unreachable: 'Waftpay cannot be reached right now. Trying again…',
    gaveUp:
      'Waftpay cannot be reached. If you approve the prompt on your phone, the shop will still confirm your payment.',
    actionFailed: 'Your request did not reach Waftpay. Check your connection and try again.',
    gone: 'This payment session is no longer available.',
    goneHint: 'Return to the shop to check your order, or to start again.',
    tryAgain: 'Try again',
    status: {
      CREATED: () => 'We will send a payment prompt to your phone.',
      PENDING: (amount, msisdn) => `Approve ${amount} on ${msisdn}: check your phone.`,
      SUCCESS: (amount) => `Payment of ${amount} received. Returning you to the shop…`,
      FAILED: () => 'The payment was declined. Returning you to the shop…',
      EXPIRED: () => 'This checkout has expired. Returning you to the shop…',
      CANCELLED: () => 'Payment cancelled. Returning you to the shop…',
    },
  },
  sw: {
    phone: (msisdn) => `Nambari ya M-Pesa ${msisdn}`,
    sendPrompt: 'Tuma ombi la malipo',
    payAmount: 'Kiasi cha kulipa',
    approveOnPhone: 'Idhinisha malipo kwenye simu yako',
    handsetNote: 'Majaribio: vitufe hivi vinawakilisha simu ya mteja.',
    approve: 'Idhinisha kwenye simu',
    decline: 'Kataa kwenye simu',
    cancel: 'Ghairi malipo',
    expiresIn: (time) => `Malipo haya yataisha baada ya ${time}.`,
    openPhone: 'Fungua simu ya majaribio',
    unreachable: 'Waftpay haipatikani kwa sasa. Tunajaribu tena…',
    gaveUp: 'Waftpay haipatikani. Ukiidhinisha ombi kwenye simu yako, duka bado litathibitisha malipo yako.',
    actionFailed: 'Ombi lako halikufika Waftpay. Angalia mtandao wako kisha ujaribu tena.',
    gone: 'Kipindi hiki cha malipo hakipatikani tena.',
    goneHint: 'Rudi dukani kuangalia oda yako, au kuanza upya.',
    tryAgain: 'Jaribu tena',
    status: {
      CREATED: () => 'Tutatuma ombi la malipo kwenye simu yako.',
      PENDING: (amount, msisdn) => `Idhinisha ${amount} kwenye ${msisdn}: angalia simu yako.`,
      SUCCESS: (amount) => `Malipo ya ${amount} yamepokelewa. Tunakurudisha dukani…`,
      FAILED: () => 'Malipo yamekataliwa. Tunakurudisha dukani…',
      EXPIRED: () => 'Muda wa malipo haya umeisha. Tunakurudisha dukani…',
      CANCELLED: () => 'Malipo yameghairiwa. Tunakurudisha dukani…',
    },
  },
};
