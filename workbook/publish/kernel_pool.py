"""Kernels started and warmed up before a page of the app asks for one.

Starting a kernel and importing the workbook, ipywidgets and matplotlib take
most of the time a chapter needs to open (about 3.5 s of 4 on two cores). The
app's Jupyter server uses :class:`WarmKernelManager`: it keeps ``pool_size``
kernels started, each having run :func:`workbook.views.warm.warm_up`, and hands
one to the next page that asks for a kernel. The page then runs its chapter in it
as usual, so what it shows is read from the journal at that moment.

Voilà's own ``preheat_kernel`` is not used: it runs the whole notebook in advance,
so a page could show entries from before the last save, and it works only in the
``voila`` command, not in a Jupyter server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from typing import Any, cast

from jupyter_client.asynchronous.client import AsyncKernelClient
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import ApiPath
from tornado.ioloop import IOLoop
from traitlets import Float, Integer, Unicode

# Run by each pooled kernel while it starts (IPython's exec_lines): no name is left
# in the chapter's namespace.
WARM_UP = "__import__('workbook.views.warm').views.warm.warm_up()"
START_TIMEOUT = 60.0


class WarmKernelManager(AsyncMappingKernelManager):
    """A Jupyter kernel manager that hands out kernels started and warmed up earlier.

    Only a request like the pooled kernels' (the default kernel, the chapters'
    folder, no kernel id of its own) gets a pooled kernel; any other starts one as
    usual. Environment variables the request sets differently (Voilà passes the
    page's address, for one) are set in the kernel before it is handed out.
    """

    # How many warm kernels to keep ready.
    pool_size = Integer(1, config=True)
    # Seconds before a kernel is started for the pool after one is taken, so the page
    # that took it runs its chapter first (two cores).
    fill_delay = Float(1.0, config=True)
    # What each pooled kernel runs while it starts.
    warm_up_code = Unicode(WARM_UP, config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pool: list[asyncio.Task[str]] = []
        self._closing = False
        IOLoop.current().add_callback(self._fill, 0.0)

    async def _start_pooled(self, delay: float) -> str:
        await asyncio.sleep(delay)
        kernel_id = str(await super().start_kernel(
            kernel_name=self.default_kernel_name, path=ApiPath(""),
            extra_arguments=[f"--IPKernelApp.exec_lines={json.dumps([self.warm_up_code])}"]))
        try:
            # A kernel answers only once its exec_lines have run: then it is warm.
            await self._run(kernel_id)
        except BaseException:
            await super().shutdown_kernel(kernel_id, now=True)
            raise
        return kernel_id

    def _fill(self, delay: float | None = None) -> None:
        while not self._closing and len(self._pool) < self.pool_size:
            self._pool.append(asyncio.ensure_future(
                self._start_pooled(self.fill_delay if delay is None else delay)))

    async def _take(self) -> str | None:
        """A warm kernel (waiting for one that is still starting), or None."""
        log = self.log
        while self._pool:
            task = self._pool.pop(0)
            try:
                kernel_id = await task
            except Exception:  # a pooled kernel that failed to start: start another
                log.exception("A pooled kernel did not start")
                continue
            if kernel_id in self:
                return kernel_id
        return None

    async def start_kernel(  # type: ignore[override]  # as jupyter_server's own
        self, *, kernel_id: str | None = None, path: ApiPath | None = None, **kwargs: Any
    ) -> str:
        pooled = (kernel_id is None and not self._closing and (path or "") == ""
                  and kwargs.get("kernel_name", self.default_kernel_name)
                  == self.default_kernel_name)
        taken = await self._take() if pooled else None
        if taken is None:
            return str(await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs))
        self._fill()
        await self._set_environment(taken, kwargs.get("env"))
        log = self.log
        log.info("Using a warm kernel: %s", taken)
        return taken

    async def _set_environment(self, kernel_id: str, env: dict[str, str] | None) -> None:
        """Make the kernel's os.environ what a kernel started with ``env`` would have."""
        if env is None:
            return
        kernel_env = dict(os.environ)  # what the pooled kernel was started with
        changed = {k: v for k, v in env.items() if kernel_env.get(k) != v}
        removed = [k for k in kernel_env if k not in env]
        if not changed and not removed:
            return
        environ = "__import__('os').environ"
        await self._run(kernel_id, f"{environ}.update({json.dumps(changed)}); "
                                   f"[{environ}.pop(_k, None) for _k in {removed!r}]")

    async def _run(self, kernel_id: str, code: str = "") -> None:
        """Wait until the kernel answers, then run ``code`` (if any) in it, silently."""
        client = cast(AsyncKernelClient, self.get_kernel(kernel_id).client())
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=START_TIMEOUT)
            if not code:
                return
            msg_id = client.execute(code, silent=True, store_history=False)
            while True:
                reply = await client.get_shell_msg(timeout=START_TIMEOUT)
                if reply["parent_header"].get("msg_id") == msg_id:
                    return
        finally:
            client.stop_channels()

    async def shutdown_all(self, now: bool = False) -> None:  # type: ignore[override]
        # Kernels still starting for the pool are waited for, so none is left running.
        self._closing = True
        for task in self._pool:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(asyncio.shield(task), START_TIMEOUT)
        self._pool.clear()
        await super().shutdown_all(now=now)
