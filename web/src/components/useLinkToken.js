// The token of a link such as /invite#TOKEN and what the API says of it.
// The token sits in the URL fragment, which browsers never send, so it
// reaches no server log; the API gets it in request bodies only.
// `found`: undefined while loading, null when the link is not valid (no
// token, or `isInvalid(error)`), else the answer of `lookup(token)`;
// `failed`: any other error, and `retry` asks again.
import { useEffect, useState } from 'preact/hooks';

function readToken() {
  return location.hash.replace(/^#/, '').trim();
}

export function useLinkToken(lookup, isInvalid) {
  const [token] = useState(readToken);
  const [found, setFound] = useState(undefined);
  const [failed, setFailed] = useState(null);

  async function retry() {
    setFailed(null);
    if (!token) {
      setFound(null);
      return;
    }
    try {
      setFound(await lookup(token));
    } catch (e) {
      if (isInvalid(e)) setFound(null);
      else setFailed(e);
    }
  }

  useEffect(() => {
    retry();
  }, []);

  return { token, found, failed, retry };
}
