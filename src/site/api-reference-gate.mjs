// @ts-check
/**
 * The API reference's gate, a TypeDoc plugin (src/site/api-reference.mjs lists it in `plugin`): as
 * soon as the project is converted, it runs TypeDoc's validation (`notDocumented`, `invalidLink`)
 * and throws when it finds a problem, so neither `astro build` nor the test goes on with an
 * undocumented export. starlight-typedoc never validates (the TypeDoc CLI does, under
 * `treatValidationWarningsAsErrors`, which this honours).
 *
 * Kept apart from api-reference.mjs because TypeDoc loads plugins with Node's own `import()`, which
 * cannot load starlight-typedoc (published as TypeScript).
 */
import { Converter } from 'typedoc';

/**
 * TypeDoc's plugin entry: validate the converted project and throw
 * when an export is undocumented, so neither the build nor the test goes on.
 * @param {import('typedoc').Application} app
 */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const before = app.logger.warningCount + app.logger.errorCount;
      app.validate(context.project);
      const issues = app.logger.warningCount + app.logger.errorCount - before;
      if (issues > 0 && app.options.getValue('treatValidationWarningsAsErrors')) {
        throw new Error(
          `API reference: ${issues} validation problem(s) in the TSDoc of gort, gomesh and labcheck ` +
            '(listed above: an export without a doc comment, or a broken {@link}). Document it: ' +
            'what it does, its Go counterpart, its errors (Go’s texts) and an @example.',
        );
      }
    },
    // After TypeDoc's own resolve-end work (groups, categories), which the validation reads.
    -1000,
  );
}
