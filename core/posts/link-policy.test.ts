import { describe, expect, it } from 'vitest';
import { isAllowedLink, isAllowedUrl, urlHost } from './link-policy.ts';

const SITE = 'https://blog.codewithmara.dev';

describe('the link rule', () => {
  it('lets anything published link to Twitch, GitHub (https, default port) and the site itself', () => {
    for (const url of [
      'https://clips.twitch.tv/Abc',
      'https://www.twitch.tv/codewithmara',
      'https://github.com/o/r/pull/1?x=1#y',
      'HTTPS://GitHub.com/o',
      'https://blog.codewithmara.dev/posts/a',
      'http://localhost:4321/posts/a',
    ]) {
      const site = url.startsWith('http://localhost') ? 'http://localhost:4321' : SITE;
      expect(isAllowedLink(url, site), url).toBe(true);
    }
    for (const url of [
      'http://github.com/o',
      'https://github.com:8443/o',
      'https://gist.github.com/x',
      'https://m.twitch.tv/x',
      'https://github.com/a_(b)',
      'https://github.com/a b',
      'https://github.com@evil.example/',
      'https://github.com.evil.example/',
      'javascript:alert(1)',
      'http://blog.codewithmara.dev/posts/a',
      'https://blog.codewithmara.dev:8443/posts/a',
    ]) {
      expect(isAllowedLink(url, SITE), url).toBe(false);
    }
  });

  it('with httpsOnly false takes any scheme and port on the listed hosts, and .suffix entries for subdomains', () => {
    const rule = { hosts: ['github.com', '.pages.dev'], httpsOnly: false };
    expect(isAllowedUrl('http://github.com:8080/x', rule)).toBe(true);
    expect(isAllowedUrl('https://preview-1.blog.pages.dev/', rule)).toBe(true);
    expect(isAllowedUrl('https://pages.dev/', rule)).toBe(false);
    expect(isAllowedUrl('ftp://github.com/x', rule)).toBe(false);
    expect(isAllowedUrl('//github.com/x', rule)).toBe(false);
  });

  it('names the lower-case host of an http(s) URL', () => {
    expect(urlHost('https://Blog.Example:4321/x')).toBe('blog.example');
    expect(urlHost('mailto:x@example.com')).toBeUndefined();
  });
});
