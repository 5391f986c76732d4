/** What an encryptor may need to know about the command it protects. */
export interface CommandContext {
  address: string;
  passwordLevel: number;
}

/**
 * Turns the 16 plain-text bytes of a remote-control command (PA P0-P2 C0-C3 N1-N8) into
 * the data field to send. Prepaid meters of the big grids take password level 0x98 and a
 * ciphertext from the utility's encryption machine, hence async.
 */
export interface CommandEncryptor {
  encrypt(plaintext: Buffer, context: CommandContext): Promise<Buffer>;
}

/** For meters that accept plain-text levels (02, 03, 04): the bytes go out as they are. */
export class PlainTextEncryptor implements CommandEncryptor {
  async encrypt(plaintext: Buffer): Promise<Buffer> {
    return Buffer.from(plaintext);
  }
}
