"""What the drivers of both roles share (TransmitterDriver in driver.py, ReceiverDriver in
receiver_driver.py): one way to make the implementation under test act, i.e. a profile trigger
(http, command or manual) fired by harness.suite.triggering.fire with the run's secrets and
deadline, its command runs kept as the scenario's evidence; and the profile's scaled timeouts.

A mixin: the driver dataclass supplies `session`, `http`, `evidence` and `commands`."""
from __future__ import annotations

from typing import Any

from harness.suite.outcomes import CommandRun, Outcome
from harness.suite.triggering import fire


class DriverCore:
    def timeout(self, name: str) -> float:
        """The profile's timeout `name`, scaled by the run's multiplier."""
        return self.session.profile.timeouts.scaled(name)

    def on_command(self, run: CommandRun) -> None:
        self.commands.append(run)
        if self.evidence is not None:
            self.evidence.add(run)

    def fire_trigger(self, trigger, *, base_url: str | None, values: dict[str, Any],
                     http=None) -> Outcome:
        """Run one of the profile's triggers; its outcome is returned, never raised (the
        triggering module's TriggerUnavailable, NoOperator and TemplateError excepted)."""
        return fire(trigger, http=http or self.http, base_url=base_url, values=values,
                    timeout=self.timeout("trigger"), secrets=self.session.secrets(),
                    on_command=self.on_command)
