import { main } from 'gort';
import { Once, WaitGroup } from 'gort/sync';
import * as time from 'gort/time';

const configOnce = new Once();
// set once, by loadConfig
let config: Map<string, string> | undefined;

// loadConfig is slow, so it runs when the
// configuration is first needed, and only once.
async function loadConfig(): Promise<void> {
  console.log('loading config');
  await time.sleep(100 * time.Millisecond);
  config = new Map([
    ['region', 'eu-west-1'],
  ]);
}

async function region(): Promise<string> {
  await configOnce.do(loadConfig);
  return config!.get('region')!;
}

main(async () => {
  const wg = new WaitGroup();
  const regions: string[] = [];
  for (let i = 0; i < 3; i++) {
    wg.go(async () => {
      regions[i] = await region();
    });
  }
  await wg.wait();
  console.log(regions.join(' '));
});
