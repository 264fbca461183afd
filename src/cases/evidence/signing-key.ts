import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto'
import { DragnetError } from '../../core/errors.ts'

/** An organisation's Ed25519 key pair, as stored: PKCS#8 and SPKI PEM. */
export interface SigningKeyPair {
  id: string
  publicKeyPem: string
  privateKeyPem: string
}

/** A fresh Ed25519 key pair. */
export function generateSigningKey(id: string): SigningKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  return {
    id,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  }
}

/** The public key's DER SubjectPublicKeyInfo, base64: the form a package carries. */
export function publicKeyBase64(publicKeyPem: string): string {
  return createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }).toString('base64')
}

/** SHA-256 of the public key's DER bytes, hex. */
export function keyFingerprint(publicKey: string): string {
  return createHash('sha256')
    .update(publicKeyObject(publicKey).export({ type: 'spki', format: 'der' }))
    .digest('hex')
}

/** A public key from PEM text or base64 DER; EVIDENCE_MALFORMED for anything else or a key that is not Ed25519. */
export function publicKeyObject(text: string): KeyObject {
  let key: KeyObject
  try {
    key = text.includes('-----BEGIN')
      ? createPublicKey(text)
      : createPublicKey({ key: Buffer.from(text.trim(), 'base64'), format: 'der', type: 'spki' })
  } catch (error) {
    throw new DragnetError('EVIDENCE_MALFORMED', 'not a public key (PEM or base64 DER SubjectPublicKeyInfo)', {
      cause: error,
    })
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new DragnetError('EVIDENCE_MALFORMED', `the key is ${key.asymmetricKeyType}, not ed25519`)
  }
  return key
}

/** The Ed25519 signature of `data`, base64. */
export function signBytes(privateKeyPem: string, data: string): string {
  return sign(null, Buffer.from(data, 'utf8'), createPrivateKey(privateKeyPem)).toString('base64')
}

/** Whether `signature` (base64) is the Ed25519 signature of `data` by `publicKey`. */
export function verifyBytes(publicKey: string, data: string, signature: string): boolean {
  const sig = Buffer.from(signature, 'base64')
  if (sig.length !== 64) return false
  return verify(null, Buffer.from(data, 'utf8'), publicKeyObject(publicKey), sig)
}
