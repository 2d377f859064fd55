#!/usr/bin/env node
// kubelab's headless CLI: the same lab as the page, driven from a terminal or a script.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./main.ts");
process.exitCode = await main(process.argv.slice(2));
