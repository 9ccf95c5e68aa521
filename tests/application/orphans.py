"""Requests with the wrong number of handlers, for the system check test."""

from dataclasses import dataclass

from pizzeria.application import Command, CommandHandler, OperationResult, Query


@dataclass(frozen=True)
class ForgottenCommand(Command[None]):
    pass


@dataclass(frozen=True)
class LonelyQuery(Query[None]):
    pass


@dataclass(frozen=True)
class TwiceHandledCommand(Command[None]):
    pass


class FirstHandler(CommandHandler[TwiceHandledCommand, None]):
    def handle(self, command):
        return OperationResult.ok()


class SecondHandler(CommandHandler[TwiceHandledCommand, None]):
    def handle(self, command):
        return OperationResult.ok()
