import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * vitest's order (failed first, then the longest first by the duration it saw
 * last time, or the largest first on a fresh clone), with the end-to-end files
 * before the unit tests: they are the long ones, most of it waiting on the
 * action they run, so they start first and the unit tests fill the cores while
 * they wait, instead of the last end-to-end files running alone at the end.
 */
export class EndToEndFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files)
    const unit = (file: TestSpecification) => relative(file.project.config.root, file.moduleId).startsWith('test/unit/')
    return [...sorted.filter(file => !unit(file)), ...sorted.filter(unit)]
  }
}
