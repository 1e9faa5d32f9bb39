// gptOss.tools.browser: off by default, since it sends the model's queries to a search server
// and fetches pages from the internet, and this extension promises that nothing leaves the
// machine unless the user says so. Turning it on asks once, saying what goes where; the answer
// is remembered (globalState). Off in Restricted Mode.
import * as vscode from "vscode";
import * as z from "zod";
import { BROWSER_SETTING, browserEnabled } from "./browserSwitch";

const KEYS = { enabled: BROWSER_SETTING, searchUrl: "gptOss.browser.searchUrl", allowHosts: "gptOss.browser.allowHosts" } as const;
const CONSENT = "gptOss.browserConsent";

export interface BrowserSettings {
  enabled: boolean;
  searchUrl: string | undefined;
  allowHosts: string[];
}

export function readBrowserSettings(): BrowserSettings {
  const config = vscode.workspace.getConfiguration();
  const url = z.url({ protocol: /^https?$/ }).safeParse(config.get(KEYS.searchUrl));
  const hosts = z.array(z.string().trim().min(1)).safeParse(config.get(KEYS.allowHosts));
  return {
    enabled: browserEnabled(),
    searchUrl: url.success ? url.data : undefined,
    allowHosts: hosts.success ? hosts.data : [],
  };
}

/** True once the user agreed; asks (a modal) when not yet. Declining turns the setting off. */
export async function browserConsent(memento: vscode.Memento): Promise<boolean> {
  if (memento.get<boolean>(CONSENT) === true) return true;
  const { searchUrl } = readBrowserSettings();
  const where = searchUrl ? `Searches go to ${new URL(searchUrl).host}` : "Searches need gptOss.browser.searchUrl (a SearXNG server)";
  const choice = await vscode.window.showWarningMessage(
    "Let gpt-oss browse the web?",
    {
      modal: true,
      detail:
        `${where}; pages the model opens are fetched from the internet by this machine. The model chooses the queries and pages itself, from your conversation. Nothing else leaves the machine; local and private addresses stay refused unless gptOss.browser.allowHosts lists them.`,
    },
    "Turn On",
  );
  if (choice === "Turn On") {
    await memento.update(CONSENT, true);
    return true;
  }
  await vscode.workspace.getConfiguration().update(KEYS.enabled, false, vscode.ConfigurationTarget.Global);
  return false;
}
