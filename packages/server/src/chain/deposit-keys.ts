import { secp256k1 } from "@noble/curves/secp256k1";
import { type Address, getAddress, keccak256, toHex } from "viem";
import { english, HDKey, mnemonicToAccount } from "viem/accounts";

/** The BIP-44 path whose children are the deposit addresses: m/44'/60'/0'/0/i, as wallets derive them. */
const ACCOUNT_PATH = "m/44'/60'/0'/0";
const WORD_COUNTS = new Set([12, 15, 18, 21, 24]);

/**
 * Derives deposit addresses from an extended public key only: watching deposits needs no private
 * key. A mnemonic, if that is what the operator gave, is reduced to that public key at start.
 */
export class DepositKeys {
  private readonly parent: HDKey;

  private constructor(parent: HDKey) {
    this.parent = parent;
  }

  /** Throws a sentence naming what is wrong (never the secret itself). */
  static fromSettings(settings: { mnemonic?: string | undefined; xpub?: string | undefined }): DepositKeys {
    if (settings.xpub !== undefined) return new DepositKeys(HDKey.fromExtendedKey(settings.xpub));
    const mnemonic = (settings.mnemonic ?? "").trim().split(/\s+/);
    if (!WORD_COUNTS.has(mnemonic.length) || !mnemonic.every((word) => english.includes(word))) {
      throw new Error("DEPOSIT_MNEMONIC: must be 12 to 24 words of the BIP-39 English list");
    }
    const account = mnemonicToAccount(mnemonic.join(" "), { path: ACCOUNT_PATH });
    return new DepositKeys(HDKey.fromExtendedKey(account.getHdKey().publicExtendedKey));
  }

  address(index: number): Address {
    const child = this.parent.deriveChild(index);
    if (!child.publicKey) throw new Error(`no public key at deposit index ${index}`);
    const uncompressed = secp256k1.ProjectivePoint.fromHex(child.publicKey).toRawBytes(false);
    return getAddress(`0x${keccak256(toHex(uncompressed.slice(1))).slice(-40)}`);
  }
}
