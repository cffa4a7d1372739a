import type { CheckoutStatus } from './status.js';

/** Every sentence the element shows or announces. Replace any of them with the `strings` property. */
export interface CheckoutStrings {
  /** Announced (and shown over the frame) while the hosted page loads. */
  readonly loading: string;
  /** Shown while the shop's server makes the session (`createSession`), and in the popup meanwhile. */
  readonly preparing: string;
  /** Announced when the hosted page is there. */
  readonly ready: string;
  /** Shown while the hosted page waits on the customer, when it sends no message of its own. */
  readonly pending: string;
  readonly redirecting: string;
  /** Shown when the overlay or the popup was closed before an outcome. */
  readonly dismissed: string;
  /** Shown instead when it was closed while a prompt waited on the customer's phone. */
  readonly dismissedPending: string;
  /** The button that opens a dismissed checkout again. */
  readonly resume: string;
  readonly success: string;
  readonly failure: string;
  readonly expired: string;
  readonly cancelled: string;
  /** Shown when the checkout could not be presented. */
  readonly error: string;
  readonly retry: string;
  /** The button that opens the overlay or the popup. */
  readonly pay: string;
  /** The overlay's close button. */
  readonly close: string;
  /** Shown on the page while the payment happens in the popup. */
  readonly popupOpen: string;
  readonly showPopup: string;
  /** Closes the payment window; the session goes on (it can be resumed). */
  readonly closePopup: string;
  readonly popupBlocked: string;
  readonly openPopup: string;
  /** Shown when the hosted page cannot be shown in the frame. */
  readonly fallback: string;
  readonly continueOnPage: string;
}

export type CheckoutLanguage = 'en' | 'sw' | 'fr';

const en: CheckoutStrings = {
  loading: 'Loading secure checkout…',
  preparing: 'Preparing your checkout…',
  ready: 'Secure checkout loaded.',
  pending: 'Approve the payment prompt on your phone.',
  redirecting: 'Taking you to secure checkout…',
  dismissed: 'Checkout closed before the payment was finished.',
  dismissedPending:
    'If you approve the prompt on your phone, the payment still goes through and the shop will confirm it.',
  resume: 'Resume payment',
  success: 'Payment complete.',
  failure: 'The payment did not go through.',
  expired: 'This checkout has expired.',
  cancelled: 'Checkout cancelled.',
  error: 'The checkout could not be loaded.',
  retry: 'Try again',
  pay: 'Pay with Waftpay',
  close: 'Close checkout',
  popupOpen: 'Complete your payment in the Waftpay window.',
  showPopup: 'Show payment window',
  closePopup: 'Close payment window',
  popupBlocked: 'Your browser blocked the payment window.',
  openPopup: 'Open payment window',
  fallback: 'The payment page cannot be shown here.',
  continueOnPage: 'Continue on the payment page',
};

const sw: CheckoutStrings = {
  loading: 'Inapakia malipo salama…',
  preparing: 'Tunaandaa malipo yako…',
  ready: 'Malipo salama yamepakiwa.',
  pending: 'Idhinisha ombi la malipo kwenye simu yako.',
  redirecting: 'Tunakupeleka kwenye malipo salama…',
  dismissed: 'Malipo yamefungwa kabla ya kukamilika.',
  dismissedPending: 'Ukiidhinisha ombi kwenye simu yako, malipo bado yatafanyika na duka litayathibitisha.',
  resume: 'Endelea na malipo',
  success: 'Malipo yamekamilika.',
  failure: 'Malipo hayakufanikiwa.',
  expired: 'Muda wa malipo haya umeisha.',
  cancelled: 'Malipo yameghairiwa.',
  error: 'Malipo hayakuweza kupakiwa.',
  retry: 'Jaribu tena',
  pay: 'Lipa kwa Waftpay',
  close: 'Funga malipo',
  popupOpen: 'Kamilisha malipo yako kwenye dirisha la Waftpay.',
  showPopup: 'Onyesha dirisha la malipo',
  closePopup: 'Funga dirisha la malipo',
  popupBlocked: 'Kivinjari chako kimezuia dirisha la malipo.',
  openPopup: 'Fungua dirisha la malipo',
  fallback: 'Ukurasa wa malipo hauwezi kuonyeshwa hapa.',
  continueOnPage: 'Endelea kwenye ukurasa wa malipo',
};

const fr: CheckoutStrings = {
  loading: 'Chargement du paiement sécurisé…',
  preparing: 'Préparation de votre paiement…',
  ready: 'Paiement sécurisé chargé.',
  pending: 'Validez la demande de paiement sur votre téléphone.',
  redirecting: 'Redirection vers le paiement sécurisé…',
  dismissed: 'Paiement fermé avant d’être terminé.',
  dismissedPending:
    'Si vous validez la demande sur votre téléphone, le paiement sera quand même effectué et la boutique le confirmera.',
  resume: 'Reprendre le paiement',
  success: 'Paiement effectué.',
  failure: 'Le paiement n’a pas abouti.',
  expired: 'Cette session de paiement a expiré.',
  cancelled: 'Paiement annulé.',
  error: 'Le paiement n’a pas pu être chargé.',
  retry: 'Réessayer',
  pay: 'Payer avec Waftpay',
  close: 'Fermer le paiement',
  popupOpen: 'Terminez votre paiement dans la fenêtre Waftpay.',
  showPopup: 'Afficher la fenêtre de paiement',
  closePopup: 'Fermer la fenêtre de paiement',
  popupBlocked: 'Votre navigateur a bloqué la fenêtre de paiement.',
  openPopup: 'Ouvrir la fenêtre de paiement',
  fallback: 'La page de paiement ne peut pas s’afficher ici.',
  continueOnPage: 'Continuer sur la page de paiement',
};

/** The element's built-in languages. */
export const builtInStrings: Readonly<Record<CheckoutLanguage, CheckoutStrings>> = { en, sw, fr };

/** The built-in language for a BCP 47 tag (`sw-KE` → `sw`); English for anything else. */
export function languageOf(tag: string | undefined): CheckoutLanguage {
  const primary = (tag ?? '').toLowerCase().split('-')[0];
  return primary === 'sw' || primary === 'fr' ? primary : 'en';
}

/** The strings for `tag`, with the merchant's replacements on top. */
export function stringsFor(
  tag: string | undefined,
  replacements: Partial<CheckoutStrings> = {},
): CheckoutStrings {
  return { ...builtInStrings[languageOf(tag)], ...replacements };
}

/** The sentence the live region announces for each status (`pending`: a prompt may be live). */
export function announcement(status: CheckoutStatus, strings: CheckoutStrings, pending = false): string {
  if (status === 'dismissed' && pending) return strings.dismissedPending;
  return status === 'idle' ? '' : strings[status];
}
