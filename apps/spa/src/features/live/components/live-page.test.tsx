import { useScenario } from '@cloakroom/mocks';
import { CloakroomProvider } from '@cloakroom/react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { RequireSession } from '../../auth/components/require-session.tsx';
import { LivePage } from './live-page.tsx';

// happy-dom has no EventSource, and these tests must decide when a connection opens, breaks or
// closes: both are stand-ins driven by the test. /bff/user is the mock BFF's (scenario alice).

class FakeEventSource extends EventTarget {
  static made: FakeEventSource[] = [];
  readyState = 0;
  readonly url: string;
  constructor(url: string) {
    super();
    this.url = url;
    FakeEventSource.made.push(this);
  }
  close() {
    this.readyState = 2;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  emit(counter: number) {
    const data = JSON.stringify({ counter, time: new Date().toISOString(), sub: 'alice' });
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  /** A broken stream: 0 (CONNECTING) when the browser will retry, 2 (CLOSED) when it gave up. */
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.dispatchEvent(new Event('error'));
  }
}

class FakeWebSocket extends EventTarget {
  static made: FakeWebSocket[] = [];
  readyState = 0;
  binaryType = 'blob';
  closedWith: number | undefined;
  readonly url: string;
  constructor(url: string) {
    super();
    this.url = url;
    FakeWebSocket.made.push(this);
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  /** The sample API echoes. */
  send(data: string) {
    queueMicrotask(() => this.dispatchEvent(new MessageEvent('message', { data })));
  }
  close(code = 1000) {
    this.closedWith ??= code;
    this.readyState = 3;
  }
  /** The server (the BFF) closes with `code`. */
  closeFromServer(code: number) {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

const source = () => FakeEventSource.made.at(-1)!;
const socket = () => FakeWebSocket.made.at(-1)!;

function renderPage() {
  return render(
    <CloakroomProvider>
      <MemoryRouter initialEntries={['/live']}>
        <Routes>
          <Route element={<RequireSession />}>
            <Route path="/live" element={<LivePage />} />
          </Route>
        </Routes>
      </MemoryRouter>
    </CloakroomProvider>,
  );
}

/** Renders the page and opens both connections. */
async function renderOpen() {
  renderPage();
  await waitFor(() => expect(FakeWebSocket.made).toHaveLength(1));
  act(() => {
    source().open();
    socket().open();
  });
}

const statusOf = (testId: string) => screen.getByTestId(testId).textContent;

beforeEach(() => {
  FakeEventSource.made = [];
  FakeWebSocket.made = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal('WebSocket', FakeWebSocket);
});
afterEach(() => vi.unstubAllGlobals());

describe('the Live page', () => {
  test('shows the events as they arrive, newest first, and echoes a message', async () => {
    renderPage();
    await waitFor(() => expect(FakeEventSource.made).toHaveLength(1));
    expect(source().url).toBe('/api/live/events?every=1');
    expect(socket().url).toMatch(/^wss?:\/\/[^/]+\/api\/live\/echo$/);
    expect(statusOf('events-status')).toBe('Connecting…');

    act(() => source().open());
    expect(statusOf('events-status')).toBe('Live — a new event every second');
    act(() => {
      source().emit(1);
      source().emit(2);
    });
    expect(screen.getAllByTestId('live-event').map((item) => item.textContent)).toEqual([
      expect.stringMatching(/^#2.*for alice$/),
      expect.stringMatching(/^#1.*for alice$/),
    ]);

    const sendButton = screen.getByRole('button', { name: 'Send' });
    expect((sendButton as HTMLButtonElement).disabled).toBe(true);
    act(() => socket().open());
    expect(statusOf('echo-status')).toBe('Connected');
    fireEvent.change(screen.getByLabelText('Message'), { target: { value: 'hello' } });
    fireEvent.click(sendButton);
    expect((await screen.findByTestId('echo-echo')).textContent).toBe('Echohello');
    expect(screen.getByTestId('echo-you').textContent).toBe('Youhello');
  });

  test('keeps the last ten events', async () => {
    await renderOpen();
    act(() => {
      for (let n = 1; n <= 12; n++) source().emit(n);
    });
    const items = screen.getAllByTestId('live-event');
    expect(items).toHaveLength(10);
    expect(items[0]!.textContent).toMatch(/^#12/);
    expect(items[9]!.textContent).toMatch(/^#3/);
  });

  test('shows a stream that starts over (its counter again at 1) without losing events', async () => {
    const consoleError = vi.spyOn(console, 'error');
    await renderOpen();
    act(() => {
      source().emit(1);
      source().emit(2);
      source().emit(1);
    });
    expect(screen.getAllByTestId('live-event')).toHaveLength(3);
    expect(consoleError).not.toHaveBeenCalled(); // no duplicate React keys
  });

  test('a WebSocket closed with 4401 says the session ended and closes the event stream', async () => {
    await renderOpen();
    act(() => socket().closeFromServer(4401));
    const ended = await screen.findByTestId('live-ended');
    expect(ended.textContent).toContain('Your session ended — live updates stopped.');
    expect(screen.getByRole('button', { name: 'Log in again' })).toBeTruthy();
    expect(source().readyState).toBe(2);
    expect(screen.queryByTestId('events-status')).toBeNull();
  });

  test('a stream ended by the BFF, with /bff/user at 401, ends the session on the page and closes both', async () => {
    await renderOpen();
    useScenario('anonymous'); // the BFF no longer knows the session
    act(() => source().fail(0)); // the BFF ended the stream; the browser would retry
    expect(await screen.findByTestId('session-ended')).toBeTruthy();
    expect(source().readyState).toBe(2);
    expect(socket().closedWith).toBe(1000);
    expect(FakeEventSource.made).toHaveLength(1); // and never reopened
  });

  test('a refused WebSocket (1006) with /bff/user at 401 is a session end too', async () => {
    await renderOpen();
    useScenario('anonymous');
    act(() => socket().closeFromServer(1006));
    expect(await screen.findByTestId('session-ended')).toBeTruthy();
    expect(source().readyState).toBe(2);
  });

  test('a lost stream the browser reopens goes back to live while the session lives', async () => {
    await renderOpen();
    act(() => source().fail(0));
    expect(statusOf('events-status')).toBe('Connection lost — reconnecting…');
    act(() => source().open());
    expect(statusOf('events-status')).toBe('Live — a new event every second');
    expect(screen.queryByTestId('live-ended')).toBeNull();
  });

  test('other failures show what stopped, with Reconnect, while the session lives', async () => {
    await renderOpen();
    act(() => source().fail(2));
    await waitFor(() => expect(statusOf('events-status')).toBe('The event stream stopped.'));
    act(() => socket().closeFromServer(1011));
    await waitFor(() => expect(statusOf('echo-status')).toBe('Connection closed (code 1011).'));
    expect(screen.queryByTestId('live-ended')).toBeNull();

    const [streamButton, socketButton] = screen.getAllByRole('button', { name: 'Reconnect' });
    fireEvent.click(streamButton!);
    expect(FakeEventSource.made).toHaveLength(2);
    expect(document.activeElement?.id).toBe('events-title');
    expect(statusOf('events-status')).toBe('Connecting…');
    fireEvent.click(socketButton!);
    expect(FakeWebSocket.made).toHaveLength(2);
    expect(document.activeElement?.id).toBe('echo-title');
    act(() => socket().open());
    expect(statusOf('echo-status')).toBe('Connected');
  });

  test('closes both connections when the user leaves the page', async () => {
    const { unmount } = renderPage();
    await waitFor(() => expect(FakeWebSocket.made).toHaveLength(1));
    act(() => {
      source().open();
      socket().open();
    });
    unmount();
    expect(source().readyState).toBe(2);
    expect(socket().closedWith).toBe(1000);
  });
});
