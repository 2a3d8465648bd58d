/**
 * `orbit console hash-password`: reads a password (prompted twice without echo on a terminal, or the first
 * line of stdin) and prints its `scrypt$N$r$p$salt$hash` for the console's users file.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword } from '../console/auth/password';

function prompt(question: string): Promise<string> {
  process.stderr.write(question);
  let muted = true;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output: sink, terminal: true });
  return new Promise((resolve) => {
    rl.question('', (answer) => {
      muted = false;
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

async function firstLineOfStdin(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

export async function runHashPassword(): Promise<void> {
  let password: string;
  if (process.stdin.isTTY) {
    password = await prompt('password: ');
    const again = await prompt('again: ');
    if (again !== password) {
      process.stderr.write('orbit console hash-password: the passwords differ\n');
      process.exit(1);
    }
  } else {
    password = await firstLineOfStdin();
  }
  if (password.length < 8) {
    process.stderr.write('orbit console hash-password: use at least 8 characters\n');
    process.exit(1);
  }
  process.stdout.write(`${await hashPassword(password)}\n`);
}
