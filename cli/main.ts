// orgkit's command line, as `npx orgkit` runs it: the process's arguments, environment and streams
// handed to `runCli`. Ctrl-C aborts what is in flight; a second one ends the process at once.
import { readFile } from "node:fs/promises";
import { runCli } from "./cli.js";
import { exitCodes } from "./exit.js";
import { Interrupted, type Io, OutputClosed, type Sink } from "./io.js";

const controller = new AbortController();

function sink(stream: NodeJS.WriteStream): Sink {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    closed = true;
    // The reader went away (`| head`): stop, quietly. Anything else is a failure of our own.
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") controller.abort(new OutputClosed());
    else throw error;
  });
  return {
    isTTY: stream.isTTY === true,
    columns: stream.isTTY ? stream.columns : undefined,
    write: (text) =>
      new Promise((resolve) => {
        if (closed || text === "") return resolve();
        if (stream.write(text)) return resolve();
        const done = () => {
          stream.off("drain", done);
          stream.off("error", done);
          resolve();
        };
        stream.once("drain", done);
        stream.once("error", done);
      }),
  };
}

process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(exitCodes.interrupted);
  controller.abort(new Interrupted());
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const io: Io = {
  argv: process.argv.slice(2),
  env: process.env,
  stdout: sink(process.stdout),
  stderr: sink(process.stderr),
  signal: controller.signal,
  readFile: (path) => readFile(path, "utf8"),
  readStdin,
  now: () => performance.now(),
};

const code = await runCli(io);
process.exitCode = code;
// Everything written is flushed before the process ends; sockets kept alive do not hold it open.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
