<?php

namespace Evaluation\ConsoleOnly;

use Symfony\Component\Console\Command\Command;
use Symfony\Component\Console\Input\InputInterface;
use Symfony\Component\Console\Output\OutputInterface;
use Symfony\Component\HttpFoundation\Request;

// case: clean vault only the secrets commands use
class EnvFileVault
{
    private ?string $lastMessage = null;

    public function reveal(string $name): ?string
    {
        $this->lastMessage = sprintf('Secret "%s" revealed.', $name);
        return $_SERVER[$name] ?? null;
    }

    public function lastMessage(): ?string
    {
        return $this->lastMessage;
    }
}

// case: clean command that reveals a secret
final class RevealSecretCommand extends Command
{
    public function __construct(private readonly EnvFileVault $vault)
    {
        parent::__construct('secrets:reveal');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $output->writeln((string) $this->vault->reveal((string) $input->getArgument('name')));
        $output->writeln((string) $this->vault->lastMessage());
        return 0;
    }
}

// case: leaky store used by a command and by request code
class SharedNoteStore
{
    private array $notes = [];

    public function add(string $note): void
    {
        $this->notes[] = $note; // expect: RS004
    }
}

// case: clean command that adds notes
final class AddNoteCommand extends Command
{
    public function __construct(private readonly SharedNoteStore $store)
    {
        parent::__construct('notes:add');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $this->store->add((string) $input->getArgument('note'));
        return 0;
    }
}

// case: clean controller that adds a note per request
final class NoteController
{
    public function __construct(private readonly SharedNoteStore $store)
    {
    }

    public function __invoke(Request $request): void
    {
        $this->store->add($request->getPathInfo());
    }
}

interface EnvLoader
{
    public function loadEnv(): array;
}

// case: leaky loader named only by a command but reachable through its interface at run time
class CachingEnvLoader implements EnvLoader
{
    private array $loaded = [];

    public function loadEnv(): array
    {
        return $this->loaded;
    }

    public function remember(string $name, string $value): void
    {
        $this->loaded[$name] = $value; // expect: RS004
    }
}

// case: clean command using the loader
final class DumpEnvCommand extends Command
{
    public function __construct(private readonly CachingEnvLoader $loader)
    {
        parent::__construct('env:dump');
    }

    protected function execute(InputInterface $input, OutputInterface $output): int
    {
        $this->loader->remember('A', 'b');
        return 0;
    }
}
