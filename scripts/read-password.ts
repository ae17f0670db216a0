import type { ReadStream } from "node:tty";

// How the admin command reads a password: typed at a terminal, without echo;
// or piped in (`printf '%s\n' "$PASSWORD" | npm run admin -- add ana`), the
// first line of standard input, for scripts. Never from an argument: those
// land in the shell's history and in `ps` for every user of the machine.

export class PasswordInputError extends Error {}

/** Prompts on the terminal without echoing; rejects on Ctrl-C or Ctrl-D. */
export function promptHidden(prompt: string, stdin = process.stdin as ReadStream, stdout = process.stdout): Promise<string> {
  return new Promise((resolve, reject) => {
    let typed = "";
    const wasRaw = stdin.isRaw;
    // Echo off before the prompt shows, so nothing typed ahead is echoed.
    stdin.setRawMode(true);
    stdout.write(prompt);
    stdin.setEncoding("utf8");
    stdin.resume();
    const finish = (error?: Error) => {
      stdin.setRawMode(wasRaw);
      stdin.pause();
      stdin.off("data", onData);
      stdout.write("\n");
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === "\r" || ch === "\n") return finish();
        if (ch === "\u0003") return finish(new PasswordInputError("cancelled"));
        if (ch === "\u0004") return finish(typed ? undefined : new PasswordInputError("cancelled"));
        if (ch === "\u007f" || ch === "\b") typed = [...typed].slice(0, -1).join("");
        else if (ch >= " ") typed += ch;
      }
    };
    stdin.on("data", onData);
  });
}

/** The first line of a piped standard input (without its line ending). */
export async function readPipedLine(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  let text = "";
  for await (const chunk of stdin) {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (text.includes("\n")) break;
  }
  const line = text.split("\n")[0]!.replace(/\r$/, "");
  if (!line) throw new PasswordInputError("no password on standard input (pipe one line, or run the command at a terminal)");
  return line;
}
