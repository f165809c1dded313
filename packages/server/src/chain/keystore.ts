import { createDecipheriv, pbkdf2Sync, scryptSync, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Hex, hexToBytes, keccak256, toHex } from "viem";

interface KeystoreV3 {
  version: number;
  crypto: {
    cipher: string;
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: "scrypt" | "pbkdf2";
    kdfparams: { dklen: number; salt: string; n?: number; r?: number; p?: number; c?: number; prf?: string };
    mac: string;
  };
}

/** At most this much memory for scrypt: geth's "standard" parameters (n = 2^18, r = 8) need 256 MiB. */
const SCRYPT_MAX_MEMORY = 512 * 1024 * 1024;

/**
 * Decrypts an Ethereum keystore file (Web3 Secret Storage v3, scrypt or PBKDF2, AES-128-CTR), as
 * geth, Foundry's `cast wallet` and MetaMask export them. Throws a sentence without the secret.
 */
export function decryptKeystore(path: string, password: string): Hex {
  const store = JSON.parse(readFileSync(path, "utf8")) as KeystoreV3;
  const { crypto } = store;
  if (store.version !== 3 || crypto.cipher !== "aes-128-ctr") throw new Error("not a version 3 keystore with aes-128-ctr");
  const derived = deriveKey(crypto.kdf, crypto.kdfparams, password);
  const ciphertext = Buffer.from(crypto.ciphertext, "hex");
  const mac = hexToBytes(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])));
  if (!timingSafeEqual(mac, Buffer.from(crypto.mac, "hex")))
    throw new Error("wrong password (the keystore's MAC does not match)");
  const decipher = createDecipheriv("aes-128-ctr", derived.subarray(0, 16), Buffer.from(crypto.cipherparams.iv, "hex"));
  return toHex(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}

function deriveKey(kdf: string, params: KeystoreV3["crypto"]["kdfparams"], password: string): Buffer {
  const salt = Buffer.from(params.salt, "hex");
  if (kdf === "scrypt" && params.n && params.r && params.p) {
    return scryptSync(password, salt, params.dklen, { N: params.n, r: params.r, p: params.p, maxmem: SCRYPT_MAX_MEMORY });
  }
  if (kdf === "pbkdf2" && params.c && params.prf === "hmac-sha256")
    return pbkdf2Sync(password, salt, params.c, params.dklen, "sha256");
  throw new Error(`unsupported key derivation ${kdf}`);
}
