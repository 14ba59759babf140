import { main } from 'gort';
import * as context from 'gort/context';

// Go prints a nil error as <nil>.
const show = (err: Error | null) =>
  err === null ? '<nil>' : err.message;

main(async () => {
  const [root, cancelRoot] =
    context.withCancel(
      context.background(),
    );
  const [a, cancelA] =
    context.withCancel(root);
  const [a1, cancelA1] =
    context.withCancel(a);
  const [b, cancelB] =
    context.withCancel(root);
  try {
    cancelA();
    console.log('after cancelA:');
    console.log('root:', show(root.err()));
    console.log('a:', show(a.err()));
    console.log('a1:', show(a1.err()));
    console.log('b:', show(b.err()));

    cancelRoot();
    await b.done().recv();
    console.log('after cancelRoot:');
    console.log('b:', show(b.err()));
  } finally {
    cancelA1();
    cancelB();
  }
});
