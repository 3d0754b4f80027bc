// The reject codes are part of the wire contract (@margin/wire: a `rejected` event carries one).
export { REJECT_CODES, REJECT_CODE_LIST, type RejectCode } from '@margin/wire';
