/** The action's entry point: the only side effect at import time is running it. */
import { run } from './main.js'

await run()
